package dev.cadenza.server;

import dev.cadenza.server.app.ServeCommand;
import picocli.CommandLine;

/**
 * The standalone server jar's entry point: {@code java -jar cadenza-server-VERSION-standalone.jar [serve options]}.
 * The same options as {@code ./cadenza serve}.
 */
public final class ServerMain {
    private ServerMain() {
    }

    public static void main(String[] args) {
        CommandLine cl = new CommandLine(new ServeCommand())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler((e, commandLine, parseResult) -> {
                    commandLine.getErr().println("cadenza serve: " + OrderReader.firstLine(String.valueOf(e.getMessage())));
                    commandLine.getErr().flush();
                    return 1;
                });
        int code = cl.execute(args);
        cl.getOut().flush();
        cl.getErr().flush();
        System.exit(code);
    }
}
