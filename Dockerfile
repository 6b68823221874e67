# The generation service (cadenza serve) in a container: the standalone server jar (no trainer, no DL4J) and the
# shipped model. Build the jar first, then the image (docs/serving.md, "Container"):
#
#   mvn -B -Pstandalone -pl server -am package -DskipTests
#   docker build -t cadenza-serve .
#   docker run --rm -p 8080:8080 cadenza-serve            # then open http://localhost:8080/
#
# CI runs this file's ENTRYPOINT and CMD against the same jar outside Docker (.ci/ContainerCheck.java), up to a
# health check and a clean SIGTERM.
FROM eclipse-temurin:17-jre
WORKDIR /app
COPY server/target/cadenza-server-0.1.0-standalone.jar /app/cadenza-server.jar
COPY models/default.onnx /app/models/default.onnx
EXPOSE 8080
USER 65534
# Exec form: the JVM is PID 1 and gets SIGTERM itself, drains and exits 0. The heap is fixed and touched at start so
# resident memory does not creep (size the container's limit at the heap plus about 400 MiB). The export lets
# /v1/render use a SoundFont as `cadenza render` does; headless AWT draws the piano rolls.
ENTRYPOINT ["java", "-Xms512m", "-Xmx512m", "-XX:+AlwaysPreTouch", "-Djava.awt.headless=true", \
            "--add-exports", "java.desktop/com.sun.media.sound=ALL-UNNAMED", "-jar", "/app/cadenza-server.jar"]
# The serve options; override them with `docker run cadenza-serve --model ... --max-batch 64` (see --help).
CMD ["--model", "/app/models/default.onnx", "--host", "0.0.0.0", "--port", "8080", "--max-batch", "128"]
