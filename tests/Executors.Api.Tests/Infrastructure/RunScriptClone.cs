using System.Diagnostics;
using System.Globalization;
using System.Runtime.Versioning;
using System.Text;

namespace Executors.Api.Tests.Infrastructure;

/// <summary>
/// A fresh clone of this repository's committed HEAD in a temp folder of its own, where the real <c>./run.sh</c> runs as
/// a new user would run it (Release build, its own PostgreSQL). Disposing stops whatever is still running by PID (the
/// script, the API, the PostgreSQL server) and deletes the clone and the data folder the script made outside it.
/// </summary>
[UnsupportedOSPlatform("windows")]
internal sealed class RunScriptClone : IAsyncDisposable
{
    /// <summary>What ./run.sh prints once the API answers /health/ready.</summary>
    public const string Banner = "Executors API is running at";

    private readonly string _parent;
    private readonly StringBuilder _output = new();
    private readonly List<ProcessId> _seen = [];
    private Process? _script;

    private RunScriptClone(string parent)
    {
        _parent = parent;
        Root = Path.Combine(parent, "executors");
    }

    /// <summary>Root runs initdb through <c>runuser -u postgres</c>, as the script does.</summary>
    public static bool IsRoot => Environment.UserName == "root";

    /// <summary>The clone (inside the temp folder).</summary>
    public string Root { get; }

    /// <summary>The clone's <c>.local</c> folder.</summary>
    public string Local => Path.Combine(Root, ".local");

    /// <summary>Where the script recorded the cluster's folder outside the clone, or <see langword="null"/>.</summary>
    public string? OutsideLocation
    {
        get
        {
            var record = Path.Combine(Local, "pgdata-location");
            return File.Exists(record) ? File.ReadAllText(record).Trim() : null;
        }
    }

    /// <summary>The cluster's data folder: in the recorded location outside the clone, else <c>.local/pgdata</c>.</summary>
    public string DataDirectory => OutsideLocation is { } outside ? Path.Combine(outside, "pgdata") : Path.Combine(Local, "pgdata");

    public bool HasExited => _script?.HasExited ?? true;

    public int ExitCode => _script?.ExitCode ?? -1;

    public int ScriptId => _script?.Id ?? 0;

    /// <summary>What the script printed so far (stdout and stderr), for assertions and failure messages.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>
    /// Clones the committed HEAD into <c>executors/</c> inside a new temp folder with the given mode (mode 700 is what
    /// root's home folder is: the <c>postgres</c> user cannot enter it).
    /// </summary>
    public static async Task<RunScriptClone> CreateAsync(UnixFileMode folderMode, CancellationToken cancellationToken)
    {
        var parent = Directory.CreateTempSubdirectory("executors-runsh-").FullName;
        File.SetUnixFileMode(parent, folderMode);
        var clone = new RunScriptClone(parent);
        try
        {
            var head = (await ToolProcess.RunAsync("git", ["-C", RepositoryFiles.Root, "rev-parse", "HEAD"], cancellationToken)).Trim();
            await ToolProcess.RunAsync("git", ["clone", "--quiet", "--no-checkout", RepositoryFiles.Root, clone.Root], cancellationToken);
            await ToolProcess.RunAsync("git", ["-C", clone.Root, "checkout", "--quiet", "--detach", head], cancellationToken);
            return clone;
        }
        catch
        {
            await clone.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts <c>./run.sh</c> in the clone with the given environment (on top of a cleaned copy of this one).</summary>
    public void Start(IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(Path.Combine(Root, "run.sh"))
        {
            WorkingDirectory = Root,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        // What the test host or the developer's shell may carry that would change the script's build, its API or its
        // PostgreSQL (libpq's PG* variables, a PG_BIN of its own).
        foreach (var name in start.Environment.Keys.ToList())
        {
            if (name.StartsWith("ASPNETCORE_", StringComparison.Ordinal)
                || name.StartsWith("ConnectionStrings__", StringComparison.Ordinal)
                || name.StartsWith("PG", StringComparison.Ordinal)
                || name is "DOTNET_ENVIRONMENT" or "MSBuildExtensionsPath" or "MSBuildSDKsPath" or "MSBUILD_EXE_PATH"
                    or "MSBuildLoadMicrosoftTargetsReadOnly")
            {
                start.Environment.Remove(name);
            }
        }

        // The server binaries the rest of the suite uses (EXECUTORS_PG_BIN, or the newest /usr/lib/postgresql/*/bin).
        if (LocalPostgresCluster.FindBinaries() is { } binaries)
        {
            start.Environment["PG_BIN"] = binaries;
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        _script = Process.Start(start) ?? throw new InvalidOperationException("Could not start run.sh.");
        _script.OutputDataReceived += (_, line) => Append(line.Data);
        _script.ErrorDataReceived += (_, line) => Append(line.Data);
        _script.BeginOutputReadLine();
        _script.BeginErrorReadLine();
        _script.StandardInput.Close();
    }

    /// <summary>
    /// Waits for the banner (the script prints it once /health/ready answers), at most <paramref name="bound"/>; fails
    /// with the script's output when it exits first or the bound passes.
    /// </summary>
    public async Task WaitForBannerAsync(TimeSpan bound, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (!Output.Contains(Banner, StringComparison.Ordinal))
        {
            Assert.False(HasExited, $"run.sh exited with {(HasExited ? ExitCode : 0)} before its banner:\n{Output}");
            Assert.True(clock.Elapsed < bound, $"run.sh printed no banner within {bound}:\n{Output}");
            await Task.Delay(500, cancellationToken);
        }
    }

    /// <summary>
    /// The running API (the <c>dotnet Executors.Api.dll</c> whose working folder is in this clone) and the PostgreSQL
    /// server (postmaster.pid); remembered so that disposing can stop them if the script does not.
    /// </summary>
    public (ProcessId Api, ProcessId Postgres) FindServers()
    {
        var api = LiveProcesses()
            .Where(p => p.CommandLine.Contains("Executors.Api.dll", StringComparison.Ordinal) && IsUnder(p.WorkingDirectory, Root))
            .Select(p => p.Id)
            .ToList();
        Assert.True(api.Count == 1, $"expected one API process running from the clone, found {api.Count}");

        var pid = int.Parse(File.ReadLines(Path.Combine(DataDirectory, "postmaster.pid")).First(), CultureInfo.InvariantCulture);
        var postgres = ProcessId.Of(pid) ?? throw new InvalidOperationException($"postmaster.pid names {pid}, which is not running");
        _seen.Add(api[0]);
        _seen.Add(postgres);
        return (api[0], postgres);
    }

    /// <summary>The running sample engine (<c>dotnet Executors.SampleEngine.dll</c> working in this clone); remembered as the servers are.</summary>
    public ProcessId FindSampleEngine()
    {
        var engine = LiveProcesses()
            .Where(p => p.CommandLine.Contains("Executors.SampleEngine.dll", StringComparison.Ordinal) && IsUnder(p.WorkingDirectory, Root))
            .Select(p => p.Id)
            .ToList();
        Assert.True(engine.Count == 1, $"expected one sample engine process running from the clone, found {engine.Count}");
        _seen.Add(engine[0]);
        return engine[0];
    }

    /// <summary>SIGTERM to the script, as systemd or <c>kill</c> sends it; waits (bounded) for the script to exit.</summary>
    public async Task<bool> TerminateAsync(TimeSpan bound)
    {
        Signal("TERM", ScriptId);
        using var timeout = new CancellationTokenSource(bound);
        try
        {
            await _script!.WaitForExitAsync(timeout.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return _script!.HasExited;
        }
    }

    /// <summary>Processes still running whose working folder is in the clone or in the cluster's folder.</summary>
    public IReadOnlyList<string> ProcessesLeft()
    {
        var folders = new List<string> { Root, DataDirectory };
        if (OutsideLocation is { } outside)
        {
            folders.Add(outside);
        }

        return [.. LiveProcesses()
            .Where(p => folders.Any(folder => IsUnder(p.WorkingDirectory, folder)))
            .Select(p => $"{p.Id.Pid} ({p.WorkingDirectory}): {p.CommandLine}")];
    }

    /// <summary>Command lines of every process now running (to check that no secret is on any of them).</summary>
    public static IEnumerable<string> AllCommandLines() => LiveProcesses().Select(p => p.CommandLine);

    public async ValueTask DisposeAsync()
    {
        if (_script is { HasExited: false })
        {
            Signal("TERM", _script.Id);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            try
            {
                await _script.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                _script.Kill(entireProcessTree: true);
            }
        }

        foreach (var process in _seen.Where(p => p.IsAlive))
        {
            Signal("KILL", process.Pid);
        }

        // The server may have been started before FindServers (a failure before the banner): stop it by its pid file.
        var pidFile = Path.Combine(DataDirectory, "postmaster.pid");
        if (File.Exists(pidFile)
            && int.TryParse(File.ReadLines(pidFile).FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var postmaster)
            && ProcessId.Of(postmaster) is { } server
            && IsUnder(server.WorkingDirectory, DataDirectory))
        {
            Signal("KILL", postmaster);
        }

        _script?.Dispose();

        // The folder the script made outside the clone (as root in a private folder), when it names this clone.
        if (OutsideLocation is { } outside
            && File.Exists(Path.Combine(outside, "clone-path"))
            && File.ReadAllText(Path.Combine(outside, "clone-path")).Trim() == Root)
        {
            TryDelete(outside, recursive: true);
            TryDelete(Path.GetDirectoryName(outside)!, recursive: false); // only when nothing else is in it
        }

        TryDelete(_parent, recursive: true);
    }

    private static void Signal(string signal, int pid)
    {
        using var kill = Process.Start("kill", [$"-{signal}", pid.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    private static bool IsUnder(string? path, string folder) =>
        path is not null && (path == folder || path.StartsWith(folder + "/", StringComparison.Ordinal));

    private static void TryDelete(string path, bool recursive)
    {
        try
        {
            Directory.Delete(path, recursive);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static IEnumerable<(ProcessId Id, string? WorkingDirectory, string CommandLine)> LiveProcesses()
    {
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                || ProcessId.Of(pid) is not { } process)
            {
                continue;
            }

            string commandLine;
            try
            {
                commandLine = File.ReadAllText(Path.Combine(directory, "cmdline")).Replace('\0', ' ').Trim();
            }
            catch (IOException)
            {
                continue;
            }
            catch (UnauthorizedAccessException)
            {
                continue;
            }

            yield return (process, process.WorkingDirectory, commandLine);
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}

/// <summary>A process by PID and start time (so that a reused PID is never taken for it); zombies count as gone.</summary>
internal sealed record ProcessId(int Pid, string StartTime)
{
    public bool IsAlive => Read(Pid) is { } now && now.StartTime == StartTime;

    /// <summary>Its working folder, or <see langword="null"/> when it cannot be read (gone, or another user's).</summary>
    public string? WorkingDirectory
    {
        get
        {
            try
            {
                return new DirectoryInfo($"/proc/{Pid}/cwd").LinkTarget;
            }
            catch (IOException)
            {
                return null;
            }
            catch (UnauthorizedAccessException)
            {
                return null;
            }
        }
    }

    public static ProcessId? Of(int pid) => Read(pid);

    private static ProcessId? Read(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }

        // "pid (comm) state ppid ..."; comm may hold spaces and parentheses, so split after the last ')'.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return fields[0] == "Z" ? null : new ProcessId(pid, fields[19]);
    }
}
