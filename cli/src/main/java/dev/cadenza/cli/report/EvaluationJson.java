package dev.cadenza.cli.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.cadenza.evaluation.CorpusIndex;
import dev.cadenza.evaluation.Evaluation;
import dev.cadenza.evaluation.HeldOutScore;
import dev.cadenza.evaluation.Kde;
import dev.cadenza.evaluation.PieceFeatures;
import dev.cadenza.evaluation.PieceReport;
import dev.cadenza.evaluation.SetComparison;

/** The evaluation as plain maps and lists, ready for Jackson (report.json and {@code evaluate --json}). */
public final class EvaluationJson {
    private EvaluationJson() {
    }

    public static Map<String, Object> of(EvaluationResult result) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("corpus", result.corpus());
        if (!result.heldOut().isEmpty()) {
            root.put("heldOutPieces", result.heldOutSource());
            List<Map<String, Object>> scores = new ArrayList<>();
            for (HeldOutScore s : result.heldOut()) scores.add(heldOut(s));
            root.put("heldOut", scores);
        }
        List<Map<String, Object>> sets = new ArrayList<>();
        for (EvaluationResult.JudgedSet set : result.sets()) sets.add(set(set));
        root.put("sets", sets);
        if (!result.sets().isEmpty()) {
            List<Map<String, Object>> reference = new ArrayList<>();
            for (PieceReport p : result.sets().get(0).evaluation().reference()) reference.add(piece(p));
            root.put("corpusPieces", reference);
            root.put("corpusSummary", Summary.of(result.sets().get(0).evaluation().reference()).toMap());
        }
        return root;
    }

    static Map<String, Object> set(EvaluationResult.JudgedSet set) {
        Evaluation e = set.evaluation();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("label", set.label());
        m.put("source", set.source());
        m.put("encoding", e.encoding());
        m.put("summary", Summary.of(e.generated()).toMap());
        m.put("meanOverlapCorpusVsInter", Numbers.json(Summary.meanOverlap(e)));
        m.put("meanKlCorpusVsInter", Numbers.json(Summary.meanKl(e)));
        if (set.nllPerToken() != null) {
            m.put("medianNllPerToken", Numbers.json(set.medianNll()));
            m.put("nllPerTokenPerPiece", set.nllPerToken().stream().map(Numbers::json).toList());
        }
        List<Map<String, Object>> pieces = new ArrayList<>();
        for (PieceReport p : e.generated()) pieces.add(piece(p));
        m.put("pieces", pieces);
        List<Map<String, Object>> distances = new ArrayList<>();
        for (SetComparison c : e.sets()) distances.add(distances(c));
        m.put("setDistances", distances);
        return m;
    }

    static Map<String, Object> heldOut(HeldOutScore s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", s.source());
        m.put("pieces", s.pieces());
        m.put("tokens", s.tokens());
        m.put("nllPerToken", Numbers.json(s.nllPerToken()));
        m.put("perplexity", Numbers.json(s.perplexity()));
        m.put("top1Accuracy", Numbers.json(s.top1()));
        return m;
    }

    static Map<String, Object> piece(PieceReport p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", p.name());
        m.put("notes", p.notes());
        m.put("seconds", Numbers.json(p.seconds()));
        m.put("tokens", p.tokens());
        m.put("scaleConsistency", Numbers.json(p.scale().share()));
        m.put("scale", p.scale().scale());
        m.put("longestRepeat", Map.of("tokens", p.repetition().length(), "period", p.repetition().period(),
                "start", p.repetition().start()));
        CorpusIndex.Match copy = p.copy();
        if (copy != null) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("tokens", copy.length());
            c.put("share", Numbers.json(p.copiedShare()));
            c.put("from", p.copiedFrom());
            c.put("start", copy.queryStart());
            c.put("startInSource", copy.pieceStart());
            m.put("longestCopy", c);
        }
        Map<String, Object> structure = new LinkedHashMap<>();
        structure.put("windows", p.recurrence().windows());
        structure.put("recurrence", Numbers.json(p.recurrence().exact()));
        structure.put("rhythmRecurrence", Numbers.json(p.recurrence().rhythm()));
        structure.put("pitchClassRecurrence", Numbers.json(p.recurrence().pitchClasses()));
        structure.put("distinctWindows", Numbers.json(p.recurrence().distinct()));
        structure.put("outerVoiceMoves", p.outerVoices().moves());
        structure.put("outerVoiceIndependence", Numbers.json(p.outerVoices().independence()));
        structure.put("topLineSteps", Numbers.json(p.outerVoices().topSteps()));
        structure.put("notesPerSecond", Numbers.json(p.notesPerSecond()));
        m.put("structure", structure);
        PieceFeatures f = p.features();
        Map<String, Object> features = new LinkedHashMap<>();
        features.put("pitchCount", f.pitchCount());
        features.put("pitchRange", f.pitchRange());
        features.put("meanAbsInterval", Numbers.json(f.meanAbsInterval()));
        features.put("notesPerBar", Numbers.json(f.notesPerBar()));
        features.put("meanInterOnset", Numbers.json(f.meanInterOnset()));
        features.put("pitchClassHistogram", f.pitchClassHistogram());
        features.put("noteLengthHistogram", f.noteLengthHistogram());
        m.put("features", features);
        return m;
    }

    static Map<String, Object> distances(SetComparison c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("feature", c.feature().key());
        m.put("intraCorpus", summary(c.intraReference()));
        m.put("intraGenerated", summary(c.intraGenerated()));
        m.put("inter", summary(c.inter()));
        m.put("corpusVsInter", agreement(c.referenceVsInter()));
        m.put("generatedVsInter", agreement(c.generatedVsInter()));
        return m;
    }

    private static Map<String, Object> summary(SetComparison.Summary s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", s.count());
        m.put("mean", Numbers.json(s.mean()));
        m.put("std", Numbers.json(s.std()));
        return m;
    }

    private static Map<String, Object> agreement(Kde.Agreement a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("overlapArea", Numbers.json(a.overlapArea()));
        m.put("klDivergence", Numbers.json(a.klDivergence()));
        return m;
    }
}
