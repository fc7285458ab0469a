using System.Text;
using Executors.Application.Executors.Queries;
using Executors.Domain.Executors;
using Npgsql;

namespace Executors.Infrastructure.Persistence.Repositories;

/// <summary>
/// The search's SQL for one request, written with only the conditions the request has: the WHERE clause is one line
/// per present filter, each a named parameter. A filter that is absent sends no condition at all, so each shape of
/// request (which filters are present, whether the caller is restricted to accounts, whether a cursor is given) is its
/// own statement text, and PostgreSQL plans each with the index it needs (<c>ix_executors_*_list_order</c>) — never a
/// catch-all "(@p IS NULL OR …)" statement, whose generic plan could use none of them. See ADR 11.
/// </summary>
/// <remarks>
/// The statement names the columns it filters and orders by, never the columns it returns: those come from the EF
/// model (<see cref="ExecutorListColumns"/>), so a new field of the executor reaches the search without a change here.
/// A new filter is one <see cref="AnyOf"/> or <see cref="EqualTo"/> line in <see cref="For"/>.
/// </remarks>
internal sealed class ExecutorSearchSql
{
    private readonly StringBuilder _conditions = new();
    private readonly List<(string Name, object Value)> _values = [];

    private ExecutorSearchSql()
    {
    }

    /// <summary>
    /// <c>SELECT e.* FROM executors</c> with the conditions: every executor within the scope that matches the filter,
    /// in no order. The page's total counts these.
    /// </summary>
    public string Matching => $"SELECT e.* FROM executors AS e{Where(_conditions.ToString())}";

    /// <summary>
    /// The same conditions over the position holds, which carry the same <c>account_name</c> and <c>controller_id</c>
    /// columns: only for a filter of those two (the scope and controllers), the performance report's.
    /// </summary>
    public string MatchingPositionHolds => $"SELECT e.* FROM position_holds AS e{Where(_conditions.ToString())}";

    /// <summary>The conditions of <paramref name="filter"/> within <paramref name="scope"/>: one line per filter.</summary>
    public static ExecutorSearchSql For(ExecutorFilter filter, AccountScope scope)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(scope);
        return new ExecutorSearchSql()
            .Within(scope)
            .AnyOf("account_name", "account_names", filter.AccountNames)
            .AnyOf("connector_name", "connector_names", filter.ConnectorNames)
            .AnyOf("trading_pair", "trading_pairs", filter.TradingPairs)
            .AnyOf("executor_type", "executor_types", filter.ExecutorTypes)
            .AnyOf("controller_id", "controller_ids", filter.ControllerIds)
            .EqualTo("status", "status", filter.Status is { } status ? WireCodes.ToCode(status) : null);
    }

    /// <summary>
    /// Up to <c>@take</c> of the matching executors in list order (newest first, then executor id
    /// descending), after <paramref name="after"/> when given, as <paramref name="columns"/>: the row comparison
    /// <c>(sort_at, executor_id) &lt; (@t, @id)</c> is one range scan of the list-order index from the cursor on.
    /// </summary>
    public string Page(string columns, ExecutorListPosition? after)
    {
        var conditions = new StringBuilder().Append(_conditions);
        if (after is not null)
        {
            Condition(conditions, "(e.sort_at, e.executor_id) < (@after_sort_at, @after_executor_id)");
        }

        return $"""
            SELECT {columns} FROM executors AS e{Where(conditions.ToString())}
            ORDER BY e.sort_at DESC, e.executor_id DESC
            LIMIT @take
            """;
    }

    /// <summary>The parameters of <see cref="Page"/>: the conditions' values, the cursor's position and the page size.</summary>
    public object[] PageParameters(ExecutorListPosition? after, int take)
    {
        var parameters = new List<object>(_values.Count + 3);
        parameters.AddRange(MatchingParameters());
        if (after is not null)
        {
            parameters.Add(new NpgsqlParameter<DateTimeOffset>("after_sort_at", after.SortAt));
            parameters.Add(new NpgsqlParameter<string>("after_executor_id", after.ExecutorId));
        }

        parameters.Add(new NpgsqlParameter<int>("take", take));
        return [.. parameters];
    }

    /// <summary>The parameters of <see cref="Matching"/>, new ones for each command (a parameter belongs to one).</summary>
    public object[] MatchingParameters() => [.. _values.Select(value => new NpgsqlParameter(value.Name, value.Value))];

    private static string Where(string conditions) => conditions.Length == 0 ? string.Empty : $"{Environment.NewLine}WHERE {conditions}";

    private static void Condition(StringBuilder conditions, string condition) =>
        conditions.Append(conditions.Length == 0 ? string.Empty : " AND ").Append(condition);

    /// <summary>
    /// <c>column = @parameter</c> when <paramref name="values"/> holds one value, <c>column = ANY (@parameter)</c> when
    /// it holds more. One value gets its own statement because PostgreSQL (15) keeps an index's order only under an
    /// equality: with <c>= ANY</c> it cannot walk <c>ix_executors_{column}_list_order</c> in list order and reads the
    /// list-order index with a filter instead (SearchPlanTests). Both are plain: the lists never hold null (validation
    /// refuses empty values), so a row with a NULL column is simply not selected. No "OR column IS NULL …" branch may
    /// creep in (EF Core's LINQ adds one for nullable columns): a generic plan of the prepared statement cannot use such
    /// a disjunction as an index condition: ADR 11 has the measurement.
    /// </summary>
    private ExecutorSearchSql AnyOf(string column, string parameter, IReadOnlyList<string> values) => values.Count switch
    {
        0 => this,
        1 => Add($"e.{column} = @{parameter}", parameter, values[0]),
        _ => Add($"e.{column} = ANY (@{parameter})", parameter, values.ToArray()),
    };

    /// <summary>
    /// The caller's accounts, for a restricted caller always — also when it has none, and then the condition
    /// (<c>= ANY</c> of an empty list) selects nothing: a missing scope condition would show every account.
    /// </summary>
    private ExecutorSearchSql Within(AccountScope scope)
    {
        if (scope.IsAll)
        {
            return this;
        }

        return scope.Accounts.Count == 1
            ? AnyOf("account_name", "scope", scope.Accounts)
            : Add("e.account_name = ANY (@scope)", "scope", scope.Accounts.ToArray());
    }

    private ExecutorSearchSql Add(string condition, string parameter, object value)
    {
        Condition(_conditions, condition);
        _values.Add((parameter, value));
        return this;
    }

    /// <summary><c>column = @parameter</c> when <paramref name="value"/> is given.</summary>
    private ExecutorSearchSql EqualTo(string column, string parameter, string? value) =>
        value is null ? this : Add($"e.{column} = @{parameter}", parameter, value);
}
