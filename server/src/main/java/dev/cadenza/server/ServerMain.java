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
        CommandLines.executeAndExit(CommandLines.of(new ServeCommand()), args);
    }
}
