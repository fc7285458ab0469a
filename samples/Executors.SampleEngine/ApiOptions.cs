namespace Executors.SampleEngine;

/// <summary>Where the API is and who the engine is towards it, section <c>Api</c>. The user needs the writer role.</summary>
public sealed class ApiOptions
{
    public const string Section = "Api";

    public Uri? BaseUrl { get; set; }

    public string UserName { get; set; } = "";

    public string Password { get; set; } = "";

    /// <summary>Per request; a request that takes longer counts as the API being unavailable for this pass.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);
}
