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

USER 185:185
# the management server: health probes and metrics
EXPOSE 9876
# the heap follows the container's memory limit; an OutOfMemoryError ends the process, so Kubernetes restarts it
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75.0", "-XX:+ExitOnOutOfMemoryError", "-jar", "/deployments/smartlead-kafka-routes.jar"]
