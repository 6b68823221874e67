package dev.cadenza.cli.report;

import java.util.List;

import dev.cadenza.evaluation.Evaluation;
import dev.cadenza.evaluation.HeldOutScore;
import dev.cadenza.evaluation.PieceReport;
import dev.cadenza.evaluation.SetComparison;

/** The evaluation's tables, built once and printed as text or Markdown. */
final class EvaluationTables {
    private EvaluationTables() {
    }

    static Table heldOut(List<HeldOutScore> scores) {
        Table t = new Table("model", "pieces", "tokens", "NLL/token", "perplexity", "top-1 accuracy");
        for (HeldOutScore s : scores) {
            t.row(s.source(), Integer.toString(s.pieces()), Long.toString(s.tokens()), Numbers.fixed(s.nllPerToken(), 3),
                    Numbers.fixed(s.perplexity(), 2), Numbers.fixed(100 * s.top1(), 1) + " %");
        }
        return t;
    }

    static Table pieces(Evaluation e) {
        Table t = new Table("piece", "notes", "seconds", "scale fit", "best scale", "longest repeat", "longest copy",
                "copied from");
        for (PieceReport p : e.generated()) {
            t.row(p.name(), Integer.toString(p.notes()), Numbers.fixed(p.seconds(), 1), Numbers.fixed(p.scale().share(), 3),
                    p.scale().scale(), repeat(p), copy(p), p.copiedFrom() == null ? "-" : p.copiedFrom());
        }
        return t;
    }

    /** Set means side by side: each generated set, then the corpus's own pieces. */
    static Table summary(List<EvaluationResult.JudgedSet> sets) {
        Table t = new Table("set", "pieces", "seconds", "NLL/token (median)", "scale fit", "longest repeat (tokens)", "repeat share",
                "longest copy (tokens)", "copy share", "mean overlap", "mean KL");
        for (EvaluationResult.JudgedSet set : sets) {
            Summary g = Summary.of(set.evaluation().generated());
            t.row(set.label(), Integer.toString(g.pieces()), Numbers.fixed(g.seconds(), 1),
                    set.nllPerToken() == null ? "-" : Numbers.fixed(set.medianNll(), 3), Numbers.fixed(g.scaleConsistency(), 3),
                    Numbers.fixed(g.longestRepeat(), 1), percent(g.repeatShare()), Numbers.fixed(g.longestCopy(), 1),
                    percent(g.copyShare()), Numbers.fixed(Summary.meanOverlap(set.evaluation()), 3),
                    Numbers.fixed(Summary.meanKl(set.evaluation()), 3));
        }
        Summary c = Summary.of(sets.get(0).evaluation().reference());
        t.row("corpus", Integer.toString(c.pieces()), Numbers.fixed(c.seconds(), 1), "-", Numbers.fixed(c.scaleConsistency(), 3),
                Numbers.fixed(c.longestRepeat(), 1), percent(c.repeatShare()), "-", "-", "-", "-");
        return t;
    }

    /**
     * Structure measures side by side, set means: each generated set, then the corpus's own pieces. Notes per second
     * is also given as a ratio to the corpus's mean.
     */
    static Table structure(List<EvaluationResult.JudgedSet> sets) {
        Table t = new Table("set", "pieces", "recurrence", "rhythm recurrence", "pitch-class recurrence",
                "distinct windows", "outer-voice independence", "top-line steps", "notes/s", "notes/s vs corpus");
        Summary.Structure corpus = Summary.of(sets.get(0).evaluation().reference()).structure();
        for (EvaluationResult.JudgedSet set : sets) {
            List<PieceReport> pieces = set.evaluation().generated();
            structureRow(t, set.label(), pieces.size(), Summary.of(pieces).structure(), corpus);
        }
        structureRow(t, "corpus", sets.get(0).evaluation().reference().size(), corpus, corpus);
        return t;
    }

    private static void structureRow(Table t, String label, int pieces, Summary.Structure s, Summary.Structure corpus) {
        t.row(label, Integer.toString(pieces), Numbers.fixed(s.recurrence(), 3), Numbers.fixed(s.rhythmRecurrence(), 3),
                Numbers.fixed(s.pitchClassRecurrence(), 3), Numbers.fixed(s.distinct(), 3),
                Numbers.fixed(s.independence(), 3), Numbers.fixed(s.topSteps(), 3), Numbers.fixed(s.notesPerSecond(), 2),
                ratio(s.notesPerSecond() / corpus.notesPerSecond()));
    }

    /** The structure measures of each piece of a list (generated or corpus). */
    static Table pieceStructure(List<PieceReport> pieces) {
        Table t = new Table("piece", "windows", "recurrence", "rhythm recurrence", "pitch-class recurrence",
                "distinct windows", "outer-voice independence", "top-line steps", "notes/s");
        for (PieceReport p : pieces) {
            t.row(p.name(), Integer.toString(p.recurrence().windows()), Numbers.fixed(p.recurrence().exact(), 3),
                    Numbers.fixed(p.recurrence().rhythm(), 3), Numbers.fixed(p.recurrence().pitchClasses(), 3),
                    Numbers.fixed(p.recurrence().distinct(), 3), Numbers.fixed(p.outerVoices().independence(), 3),
                    Numbers.fixed(p.outerVoices().topSteps(), 3), Numbers.fixed(p.notesPerSecond(), 2));
        }
        return t;
    }

    static Table sets(Evaluation e) {
        Table t = new Table("feature", "intra corpus", "intra generated", "inter (gen. vs corpus)", "overlap corpus/inter",
                "KL corpus||inter", "overlap gen./inter", "KL gen.||inter");
        for (SetComparison c : e.sets()) {
            t.row(c.feature().label(), ms(c.intraReference()), ms(c.intraGenerated()), ms(c.inter()),
                    Numbers.fixed(c.referenceVsInter().overlapArea(), 3), Numbers.fixed(c.referenceVsInter().klDivergence(), 3),
                    Numbers.fixed(c.generatedVsInter().overlapArea(), 3), Numbers.fixed(c.generatedVsInter().klDivergence(), 3));
        }
        return t;
    }

    private static String ratio(double r) {
        return Double.isNaN(r) ? "-" : Numbers.fixed(r, 2) + "x";
    }

    private static String percent(double share) {
        return Double.isNaN(share) ? "-" : Numbers.fixed(100 * share, 1) + " %";
    }

    private static String ms(SetComparison.Summary s) {
        return Numbers.meanStd(s.mean(), s.std(), 3);
    }

    private static String repeat(PieceReport p) {
        if (p.repetition().length() <= 1) return "none";
        return p.repetition().length() + " tok (period " + p.repetition().period() + ")";
    }

    private static String copy(PieceReport p) {
        if (p.copy() == null) return "-";
        return p.copy().length() + " tok (" + Numbers.fixed(100 * p.copiedShare(), 1) + " %)";
    }
}
