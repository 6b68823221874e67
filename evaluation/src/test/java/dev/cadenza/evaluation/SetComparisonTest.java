package dev.cadenza.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class SetComparisonTest {
    @Test
    void pitchRangeDistancesByHand() {
        PieceFeatures narrow = PieceFeatures.of(EvalPieces.repeated(60, 4)); // range 0
        PieceFeatures wide = PieceFeatures.of(EvalPieces.cMajorScale()); // range 12
        PieceFeatures middle = PieceFeatures.of(EvalPieces.melody(60, 67)); // range 7
        SetComparison c = SetComparison.compare(Feature.PITCH_RANGE, List.of(middle, wide), List.of(narrow, wide));
        assertEquals(1, c.intraReference().count());
        assertEquals(12, c.intraReference().mean(), 1e-12);
        assertEquals(5, c.intraGenerated().mean(), 1e-12);
        assertEquals(4, c.inter().count()); // 7, 5, 12, 0
        assertEquals(6, c.inter().mean(), 1e-12);
        assertEquals(Math.sqrt((1 + 1 + 36 + 36) / 3.0), c.inter().std(), 1e-12);
    }

    @Test
    void aSetLikeTheReferenceAgreesBetterThanAnUnlikeOne() {
        List<PieceFeatures> reference = List.of(
                PieceFeatures.of(EvalPieces.cMajorScale()),
                PieceFeatures.of(EvalPieces.melody(60, 64, 67, 72, 67, 64, 60)),
                PieceFeatures.of(EvalPieces.melody(62, 65, 69, 74, 69, 65)),
                PieceFeatures.of(EvalPieces.melody(55, 59, 62, 67, 71, 74)));
        List<PieceFeatures> alike = List.of(
                PieceFeatures.of(EvalPieces.melody(60, 62, 64, 65, 67, 69, 71)),
                PieceFeatures.of(EvalPieces.melody(57, 60, 64, 69, 64, 60)));
        List<PieceFeatures> loops = List.of(
                PieceFeatures.of(EvalPieces.repeated(60, 12)),
                PieceFeatures.of(EvalPieces.repeated(61, 12)));
        for (Feature feature : List.of(Feature.PITCH_RANGE, Feature.PITCH_COUNT)) {
            SetComparison good = SetComparison.compare(feature, alike, reference);
            SetComparison bad = SetComparison.compare(feature, loops, reference);
            assertTrue(good.referenceVsInter().overlapArea() > bad.referenceVsInter().overlapArea(), feature.label());
            assertTrue(good.referenceVsInter().klDivergence() < bad.referenceVsInter().klDivergence(), feature.label());
        }
    }

    @Test
    void everyFeatureIsCompared() {
        List<PieceFeatures> set = List.of(PieceFeatures.of(EvalPieces.cMajorScale()), PieceFeatures.of(EvalPieces.repeated(60, 3)));
        assertEquals(Feature.values().length, SetComparison.compare(set, set).size());
    }
}
