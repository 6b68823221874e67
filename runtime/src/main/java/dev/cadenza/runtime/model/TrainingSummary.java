package dev.cadenza.runtime.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * How a model was trained, as {@code export} records it in {@code cadenza.training} and {@code evaluate} and
 * {@code inspect} read it back: one typed record instead of keys spelled in two places. Every field may be absent
 * (null) in files from older exports or from runs that never finished an epoch.
 *
 * @param run                 the run folder's name
 * @param checkpoint          {@code best} or {@code last}
 * @param epochs              epochs trained
 * @param bestEpoch           the epoch of the best validation loss
 * @param validationLoss      that loss, nats per token
 * @param ngramValidationLoss the n-gram baseline's loss on the same tokens
 * @param stopReason          why training stopped
 * @param trainSeconds        training wall time
 * @param dl4jVersion         the Deeplearning4j version that trained it
 * @param settings            the training settings, as the trainer wrote them
 * @param split               which corpus pieces were trained on and which held out
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record TrainingSummary(
        @JsonProperty("run") String run,
        @JsonProperty("checkpoint") String checkpoint,
        @JsonProperty("epochs") Integer epochs,
        @JsonProperty("best_epoch") Integer bestEpoch,
        @JsonProperty("validation_loss") Double validationLoss,
        @JsonProperty("ngram_validation_loss") Double ngramValidationLoss,
        @JsonProperty("stop_reason") String stopReason,
        @JsonProperty("train_seconds") Long trainSeconds,
        @JsonProperty("dl4j_version") String dl4jVersion,
        @JsonProperty("settings") Map<String, Object> settings,
        @JsonProperty("split") Split split) {

    /** A model that records nothing about its training. */
    public static final TrainingSummary NONE = new TrainingSummary(null, null, null, null, null, null, null, null, null,
            null, null);

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The pieces of the corpus trained on and held out, by file name. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Split(@JsonProperty("train") List<String> train, @JsonProperty("validation") List<String> validation) {
        public Split {
            train = train == null ? List.of() : List.copyOf(train);
            validation = validation == null ? List.of() : List.copyOf(validation);
        }
    }

    /** The held-out piece names; empty when none are recorded. */
    public List<String> validationPieces() {
        return split == null ? List.of() : split.validation();
    }

    /** The JSON stored in a model file. */
    public String toJson() {
        try {
            return MAPPER.writeValueAsString(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads what {@link #toJson} wrote; {@link #NONE} for null, empty or unreadable text (a summary is informative). */
    public static TrainingSummary fromJson(String json) {
        if (json == null || json.isBlank()) return NONE;
        try {
            TrainingSummary s = MAPPER.readValue(json, TrainingSummary.class);
            return s == null ? NONE : s;
        } catch (IOException e) {
            return NONE;
        }
    }
}
