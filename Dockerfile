# The Executors API (and, as target "engine", the reference engine) as container images.
#
#   docker build -t executors-api .                     # the API (the last stage)
#   docker build -t executors-engine --target engine .  # the sample engine
#
# Base images are build arguments, so that a mirror or a pinned digest can be named without editing this file
# (CI here has no registry and passes local stand-ins: scripts/docker/standin-images.sh). Configuration comes from the
# environment only (README, "Running in a container"); no secret, certificate or user is baked in. The images run as
# the base image's non-root "app" user and work with a read-only root filesystem (give /tmp a tmpfs).
ARG SDK_IMAGE=mcr.microsoft.com/dotnet/sdk:10.0
ARG RUNTIME_IMAGE=mcr.microsoft.com/dotnet/aspnet:10.0

# --- build: restore from the project files first, so that a source change does not repeat the restore -------------------
FROM ${SDK_IMAGE} AS build
WORKDIR /source
COPY Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/Executors.Domain/Executors.Domain.csproj src/Executors.Domain/
COPY src/Executors.Application/Executors.Application.csproj src/Executors.Application/
COPY src/Executors.Infrastructure/Executors.Infrastructure.csproj src/Executors.Infrastructure/
COPY src/Executors.Api/Executors.Api.csproj src/Executors.Api/
COPY src/Executors.Client/Executors.Client.csproj src/Executors.Client/
COPY samples/Executors.SampleEngine/Executors.SampleEngine.csproj samples/Executors.SampleEngine/
RUN dotnet restore src/Executors.Api/Executors.Api.csproj \
 && dotnet restore samples/Executors.SampleEngine/Executors.SampleEngine.csproj
COPY src/ src/
COPY samples/ samples/
RUN dotnet publish src/Executors.Api/Executors.Api.csproj -c Release --no-restore -o /app/api -p:UseAppHost=false \
 && dotnet publish samples/Executors.SampleEngine/Executors.SampleEngine.csproj -c Release --no-restore -o /app/engine -p:UseAppHost=false

# --- engine: the reference engine (samples/Executors.SampleEngine), configured by Api__BaseUrl, Api__UserName, … -------
FROM ${RUNTIME_IMAGE} AS engine
WORKDIR /app
COPY --from=build /app/engine .
ENV DOTNET_ENVIRONMENT=Production
USER $APP_UID
ENTRYPOINT ["dotnet", "Executors.SampleEngine.dll"]

# --- api: the service; "docker run IMAGE migrate" / "hash-password" / "healthcheck" run its sub-commands -----------------
FROM ${RUNTIME_IMAGE} AS api
WORKDIR /app
COPY --from=build /app/api .
# Plain HTTP on 8080 (TLS ends at a proxy or ingress); HTTPS inside the container needs a mounted certificate and
# ASPNETCORE_URLS (README).
ENV ASPNETCORE_ENVIRONMENT=Production \
    ASPNETCORE_HTTP_PORTS=8080 \
    Https__RedirectHttpToHttps=false
EXPOSE 8080
USER $APP_UID
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 CMD ["dotnet", "Executors.Api.dll", "healthcheck"]
ENTRYPOINT ["dotnet", "Executors.Api.dll"]
