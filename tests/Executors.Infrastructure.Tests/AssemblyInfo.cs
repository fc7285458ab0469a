// One PostgreSQL for the run; each test class gets a migrated database of its own on it (InfrastructureOnDatabase),
// so classes may run side by side.
[assembly: AssemblyFixture(typeof(Executors.Testing.Postgres.PostgresServer))]
