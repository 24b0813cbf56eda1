# syntax=docker/dockerfile:1
# One image for every role: run it as N `api` replicas and M `bot` replicas (Host__Roles), over one MySQL and one Redis.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Restore first, from the project files only, so the layer is reused until a dependency changes.
COPY Directory.Build.props Directory.Packages.props WechatCare.sln ./
COPY src/Domain/WechatCare.Domain.csproj src/Domain/
COPY src/Wechat/WechatCare.Wechat.csproj src/Wechat/
COPY src/Bot/WechatCare.Bot.csproj src/Bot/
COPY src/Api/WechatCare.Api.csproj src/Api/
RUN dotnet restore src/Api/WechatCare.Api.csproj
COPY src/ src/
RUN dotnet publish src/Api/WechatCare.Api.csproj -c Release -o /app --no-restore /p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
# curl only for the health check.
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
COPY --from=build /app .
RUN groupadd --system care && useradd --system --gid care --home-dir /app care && chown -R care:care /app
USER care
ENV ASPNETCORE_URLS=http://+:8080 \
    ASPNETCORE_ENVIRONMENT=Production \
    Host__Roles=api,bot \
    Database__Provider=MySql
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=3s --start-period=20s --retries=3 CMD curl -fsS http://localhost:8080/health/live || exit 1
# Deployments migrate once before starting replicas: docker run IMAGE --migrate-only
ENTRYPOINT ["dotnet", "WechatCare.Api.dll"]
