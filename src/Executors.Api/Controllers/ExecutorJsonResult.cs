using Executors.Application.Executors.Queries.GetExecutor;
using Microsoft.AspNetCore.Mvc;

namespace Executors.Api.Controllers;

/// <summary>200 with the executor's record, written by <see cref="ExecutorJson"/>.</summary>
internal sealed class ExecutorJsonResult(ExecutorDetailResponse executor) : IActionResult
{
    public ExecutorDetailResponse Executor { get; } = executor;

    public Task ExecuteResultAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.HttpContext.RequestServices.GetRequiredService<ExecutorJson>().Write(context.HttpContext.Response, Executor);
        return Task.CompletedTask;
    }
}
