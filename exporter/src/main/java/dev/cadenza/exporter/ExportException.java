package dev.cadenza.exporter;

/** An export that cannot be done or did not pass its checks; the message is one line naming file and problem. */
public class ExportException extends Exception {
    public ExportException(String message) {
        super(message);
    }

    public ExportException(String message, Throwable cause) {
        super(message, cause);
    }
}
