package dev.cadenza.trainer.lstm;

/**
 * Loads this package's Vector API implementations only when the JVM was started with
 * {@code --add-modules jdk.incubator.vector}; by name, so that a JVM without the module never loads a class that refers
 * to it.
 */
final class VectorModule {
    private VectorModule() {
    }

    /** A new instance of this package's class {@code simpleName}, or null without the module. */
    static <T> T load(String simpleName, Class<T> type) {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) return null;
        try {
            return type.cast(Class.forName(VectorModule.class.getPackageName() + "." + simpleName)
                    .getDeclaredConstructor().newInstance());
        } catch (ReflectiveOperationException | LinkageError e) {
            return null;
        }
    }
}
