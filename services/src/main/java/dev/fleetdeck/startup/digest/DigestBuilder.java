package dev.fleetdeck.startup.digest;

import dev.fleetdeck.startup.LineProblem;
import dev.fleetdeck.startup.MergeableSink;
import dev.fleetdeck.startup.StartupRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A digest being made while a journal is read: each record the read hands on and each problem it
 * reports is also encoded here, in line order ({@link #sink} keeps that order across a parallel
 * read). A record the digest cannot hold, or too many problems, spoils it: then nothing is written.
 */
final class DigestBuilder {
    private final DigestStrings strings;
    private final DigestRecords records;
    private final List<LineProblem> problems;
    private volatile boolean spoiled;

    DigestBuilder() {
        this(new DigestStrings(), null, new ArrayList<>());
    }

    DigestBuilder(DigestStrings strings, DigestRecords records, List<LineProblem> problems) {
        this.strings = strings;
        this.records = records == null ? new DigestRecords(strings) : records;
        this.problems = problems;
    }

    /** A sink that feeds {@code inner} and adds each record here. */
    <S extends MergeableSink<S>> Sink<S> sink(S inner) {
        return new Sink<>(inner, records);
    }

    /** Records a problem of the covered part (file line numbers, called in line order). */
    void problem(LineProblem p) {
        if (problems.size() >= JournalDigest.MAX_PROBLEMS) {
            spoiled = true;
            return;
        }
        problems.add(p);
    }

    boolean spoiled() {
        return spoiled;
    }

    long recordCount() {
        return records.count();
    }

    /** Writes the digest of a prefix of {@code lines} lines, unless it is spoiled; whether it wrote. */
    boolean write(Path file, JournalPrefix prefix, long lines) throws IOException {
        if (spoiled) {
            return false;
        }
        JournalDigest.write(file, prefix, lines, strings.all(), problems, records);
        return true;
    }

    /**
     * Feeds the analysis and encodes each record. Copies for a parallel read encode into their own
     * bytes (against the shared names) and are joined on merge, in file order.
     */
    final class Sink<S extends MergeableSink<S>> implements MergeableSink<Sink<S>> {
        private final S inner;
        private final DigestRecords into;

        Sink(S inner, DigestRecords into) {
            this.inner = inner;
            this.into = into;
        }

        @Override
        public void accept(StartupRecord r) {
            inner.accept(r);
            if (!spoiled && !into.add(r)) {
                spoiled = true;
            }
        }

        @Override
        public Sink<S> emptyCopy() {
            return new Sink<>(inner.emptyCopy(), new DigestRecords(strings));
        }

        @Override
        public boolean mergesExactly(Sink<S> other) {
            return inner.mergesExactly(other.inner);
        }

        @Override
        public void merge(Sink<S> other) {
            inner.merge(other.inner);
            into.append(other.into);
        }
    }
}
