# Build: a Maven stage compiles the app and precompiles the templates.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
COPY server server
COPY web web
COPY lessons lessons
RUN mvn -B -q -Dmaven.test.skip=true package

# Run: a slim JRE with just the jar (templates, D3 and lessons are inside it).
FROM eclipse-temurin:17-jre
WORKDIR /app
COPY --from=build /src/target/goroutine-lab.jar /app/goroutine-lab.jar
RUN useradd --system --uid 10001 lab && mkdir /data && chown lab /data
USER lab
# the classroom's embedded database (docs/classroom.md); replicas use --database / GOROUTINE_LAB_DATABASE instead
ENV GOROUTINE_LAB_DATA_DIR=/data
VOLUME /data
EXPOSE 7070
ENV PORT=7070
HEALTHCHECK --interval=30s --timeout=3s CMD ["sh", "-c", "exec 3<>/dev/tcp/127.0.0.1/7070 || exit 1"]
ENTRYPOINT ["java", "-XX:+UseSerialGC", "-jar", "/app/goroutine-lab.jar"]
