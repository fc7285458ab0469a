// The integration tests share one PostgreSQL and reset it between tests, so they run one at a time.
[assembly: Xunit.v3.Parallelization(Mode = Xunit.Sdk.ParallelMode.None)]
