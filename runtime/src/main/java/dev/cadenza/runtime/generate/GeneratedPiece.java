package dev.cadenza.runtime.generate;

/**
 * One generated piece, as token ids.
 *
 * @param index        its number in the request (0-based); its random stream depends on this, not on the batch
 * @param primer       the ids it was started from (at least START)
 * @param continuation the ids the model chose, ending with END when {@code ended}
 * @param ended        true when the model closed the piece itself; false when it was cut at the length limit
 */
public record GeneratedPiece(int index, int[] primer, int[] continuation, boolean ended) {
    /** Primer then continuation, the whole stream to decode. */
    public int[] allIds() {
        int[] all = new int[primer.length + continuation.length];
        System.arraycopy(primer, 0, all, 0, primer.length);
        System.arraycopy(continuation, 0, all, primer.length, continuation.length);
        return all;
    }
}
