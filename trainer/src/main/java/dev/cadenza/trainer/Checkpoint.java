package dev.cadenza.trainer;

/** The two checkpoints a run keeps. */
public enum Checkpoint {
    /** Lowest validation loss so far: what gets exported. */
    BEST("best.zip"),
    /** The latest state, optimizer included: what {@code --resume} continues from. */
    LAST("last.zip");

    private final String fileName;

    Checkpoint(String fileName) {
        this.fileName = fileName;
    }

    public String fileName() {
        return fileName;
    }
}
