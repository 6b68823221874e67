package dev.cadenza.server;

import dev.cadenza.server.app.ServeCommand;
import dev.cadenza.app.CommandLines;

/**
 * The standalone server jar's entry point: {@code java -jar cadenza-server-VERSION-standalone.jar [serve options]}.
 * The same options as {@code ./cadenza serve}.
 */
public final class ServerMain {
    private ServerMain() {
    }

    public static void main(String[] args) {
        // Jetty logs every start and stop at info; an operator needs its warnings only (read at the first logger).
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        CommandLines.executeAndExit(CommandLines.of(new ServeCommand()), args);
    }
}
