# Latchkey container image: built from source in a JDK 21 stage, run on a JRE 21 as a non-root user.
# The root filesystem may be read-only: the server writes only to /tmp and to its data directory
# (/var/lib/latchkey), both meant to be a tmpfs or a volume (see compose.yaml and docs/deployment.md).
#   docker build -t latchkey .
#   docker run --read-only --tmpfs /tmp --tmpfs /var/lib/latchkey:uid=10001,gid=10001,mode=0700 \
#     -e LATCHKEY_DATABASE_URL=postgresql://db:5432/latchkey -e LATCHKEY_MASTER_KEY=... -p 8080:8080 latchkey
# The base images are arguments so that a mirror or a pinned digest can be given with --build-arg.
ARG BUILD_IMAGE=maven:3.9-eclipse-temurin-21
ARG RUNTIME_IMAGE=eclipse-temurin:21-jre

FROM ${BUILD_IMAGE} AS build
WORKDIR /src
# Dependencies first, so that a change to the sources alone reuses this layer.
COPY pom.xml .
RUN mvn -B -q dependency:go-offline -DexcludeReactor=true || true
COPY src src
RUN mvn -B -q package -DskipTests -Dspotless.check.skip=true && cp target/latchkey.jar /latchkey.jar

FROM ${RUNTIME_IMAGE}
RUN groupadd --system --gid 10001 latchkey \
    && useradd --system --uid 10001 --gid latchkey --home-dir /var/lib/latchkey --shell /usr/sbin/nologin latchkey \
    && mkdir -p /var/lib/latchkey /opt/latchkey \
    && chown latchkey:latchkey /var/lib/latchkey && chmod 0700 /var/lib/latchkey
COPY --from=build /latchkey.jar /opt/latchkey/latchkey.jar
# The JVM flags of docs/deployment.md: size the heap from the container's memory limit, die on OutOfMemoryError
# (the orchestrator restarts the node; a JVM limping on after an OOM answers wrongly), no perf-data file in /tmp.
ENV JDK_JAVA_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError -XX:-UsePerfData" \
    LATCHKEY_DATA_DIR=/var/lib/latchkey \
    LATCHKEY_HOST=0.0.0.0 \
    LATCHKEY_PORT=8080
USER 10001:10001
WORKDIR /var/lib/latchkey
VOLUME ["/var/lib/latchkey"]
EXPOSE 8080
# Ready means the database answers (/readyz); bash's /dev/tcp needs no curl in the image.
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
    CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${LATCHKEY_PORT} && printf 'GET /readyz HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -n1 <&3 | grep -q ' 200 '"]
# SIGTERM (docker stop) runs the server's shutdown; give it the deadline of docs/reliability.md (stop_grace_period).
STOPSIGNAL SIGTERM
ENTRYPOINT ["java", "-jar", "/opt/latchkey/latchkey.jar"]
CMD ["serve"]
