# The packaged application on a maintained Java 17 runtime, run by a non-root user.
#   mvn -B package -DskipTests        # target/smartlead-kafka-routes.jar and target/lib/
#   docker build -t registry.example.com/smartlead-kafka-routes:0.1.0 .
# (or without Docker: mvn -B package -DskipTests jib:build -Dimage=registry.example.com/smartlead-kafka-routes:0.1.0)
FROM eclipse-temurin:17-jre

# uid and gid 185, given as numbers below so that Kubernetes can check runAsNonRoot; home is /tmp, the one
# writable folder of the pod
RUN groupadd --system --gid 185 smartlead \
    && useradd --system --uid 185 --gid 185 --home-dir /tmp --no-create-home --shell /usr/sbin/nologin smartlead

WORKDIR /deployments
# the dependencies change less often than the application: their layer comes first and is reused
COPY target/lib/ lib/
COPY target/smartlead-kafka-routes.jar .

# an application class-data archive (AppCDS) from a short training start without Kafka or the API:
# the JVM then starts about a third faster (see the README's Benchmark)
COPY src/main/docker/cds-training.properties /tmp/cds-training.properties
RUN SMARTLEAD_API_KEY=cds-training SMARTLEAD_CONFIG_FILE=/tmp/cds-training.properties \
        java -XX:ArchiveClassesAtExit=/deployments/app.jsa -jar /deployments/smartlead-kafka-routes.jar > /dev/null \
    && rm /tmp/cds-training.properties

# OCI annotations, as Jib's <labels> in the pom, after the last RUN: a build argument that changes (a new
# commit, a new time) rebuilds every RUN layer below its ARG. The version from the pom, the commit and the
# build time from the build: --build-arg VERSION=... --build-arg REVISION=$(git rev-parse HEAD)
# --build-arg CREATED=$(date -u +%Y-%m-%dT%H:%M:%SZ)
ARG VERSION=0.1.0-SNAPSHOT
ARG REVISION=unknown
ARG CREATED=unknown
LABEL org.opencontainers.image.title="smartlead-kafka-routes" \
      org.opencontainers.image.description="Apache Camel YAML routes that move SmartLead prospect contacts into Kafka topics" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.created="${CREATED}" \
      org.opencontainers.image.source="https://github.com/smartlead-kafka-routes/smartlead-kafka-routes" \
      org.opencontainers.image.licenses="Apache-2.0" \
      org.opencontainers.image.base.name="eclipse-temurin:17-jre"

USER 185:185
# the management server: health probes and metrics
EXPOSE 9876
# the heap follows the container's memory limit; a poll's garbage is short-lived, so a small young
# generation keeps the used heap (and the RSS) low, with survivor spaces large enough for the pages in
# hand, which would otherwise be promoted to the old generation; an OutOfMemoryError ends the process,
# so Kubernetes restarts it
ENTRYPOINT ["java", "-XX:SharedArchiveFile=/deployments/app.jsa", "-XX:MaxRAMPercentage=75.0", "-XX:MaxNewSize=24m", "-XX:SurvivorRatio=2", "-XX:+ExitOnOutOfMemoryError", "-jar", "/deployments/smartlead-kafka-routes.jar"]
