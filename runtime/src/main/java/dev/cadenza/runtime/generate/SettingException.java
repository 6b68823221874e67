package dev.cadenza.runtime.generate;

/**
 * A decoding setting out of its range, naming the setting by its key in {@link Decoding}'s text form ({@code top-k},
 * {@code no-repeat}, {@code seconds}, ...) apart from the problem, so each front end can name it its own way: the
 * command line by its flag ({@code --top-k must be ...}), the HTTP service by its field ({@code topK must be ...}).
 */
public final class SettingException extends IllegalArgumentException {
    private final String key;
    private final String separator;
    private final String problem;

    private SettingException(String key, String label, String separator, String problem) {
        super(label + separator + problem);
        this.key = key;
        this.separator = separator;
        this.problem = problem;
    }

    /**
     * A setting whose value is out of range, e.g. key {@code no-repeat}, problem {@code must be 2..1024 (0: off), got 1}.
     *
     * @param label how this message names the setting (usually the key)
     */
    public SettingException(String key, String label, String problem) {
        this(key, label, " ", problem);
    }

    public SettingException(String key, String problem) {
        this(key, key, " ", problem);
    }

    /** A setting the model or the rest of the request cannot take, said as a sentence: {@code key: this model ...}. */
    public static SettingException refused(String key, String statement) {
        return new SettingException(key, key, ": ", statement);
    }

    /** The setting's key in {@link Decoding}'s text form. */
    public String key() {
        return key;
    }

    /** What is wrong, without the setting's name. */
    public String problem() {
        return problem;
    }

    /** The message with the setting called {@code name} (a flag, a JSON field). */
    public String naming(String name) {
        return name + separator + problem;
    }
}
