# syntax=docker/dockerfile:1
# kpm's images, built from this checkout (docker-compose.yml builds them; docs/deploy.md):
#   kpm         the kpm command and every service (broker, scheduler, gateway, all-in-one): Java 17 on Debian
#   node-agent  kpm plus Debian's MPICH (mpiexec, libmpich, mpicc.mpich, gcc), running `kpm agent`
# No Docker engine runs on kpm's own build machines, so CI does not build these; keep them in step with the
# ./kpm launcher (which files it needs) and docs/architecture.md ("Configuration").

FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -q package -DskipTests
# what ./kpm needs to run without building: the same paths below KPM_HOME
RUN mkdir -p /opt/kpm/cli/target /opt/kpm/broker/target \
 && cp kpm /opt/kpm/ \
 && cp -r cli/target/kpm-cli.jar cli/target/lib /opt/kpm/cli/target/ \
 && cp -r broker/target/kpm-broker.jar broker/target/lib /opt/kpm/broker/target/ \
 && for m in scheduler gateway node-agent all-in-one; do \
      mkdir -p /opt/kpm/$m/target && cp -r $m/target/quarkus-app /opt/kpm/$m/target/; \
    done

FROM debian:bookworm-slim AS kpm
RUN apt-get update -q \
 && apt-get install -y -q --no-install-recommends openjdk-17-jre-headless procps hostname util-linux \
 && rm -rf /var/lib/apt/lists/*
COPY --from=build /opt/kpm /opt/kpm
ENV KPM_HOME=/opt/kpm PATH=/opt/kpm:$PATH
ENTRYPOINT ["kpm"]

FROM kpm AS node-agent
RUN apt-get update -q \
 && apt-get install -y -q --no-install-recommends mpich libmpich-dev gcc libc6-dev \
 && rm -rf /var/lib/apt/lists/*
# the work volume every node agent shares: put programs and their input here, run with --wdir /work
VOLUME /work
WORKDIR /work
# the node id is the container's hostname (unique per replica: `docker compose up --scale node-agent=4`)
ENTRYPOINT ["kpm", "agent"]
