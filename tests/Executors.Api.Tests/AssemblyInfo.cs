// One PostgreSQL for the run (tests/Executors.Testing.Postgres), shared with the other database test projects' code.
[assembly: AssemblyFixture(typeof(Executors.Testing.Postgres.PostgresServer))]

// The integration tests share one PostgreSQL and reset it between tests, so they run one at a time.
[assembly: Xunit.v3.Parallelization(Mode = Xunit.Sdk.ParallelMode.None)]
