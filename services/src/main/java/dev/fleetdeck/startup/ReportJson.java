package dev.fleetdeck.startup;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.fleetdeck.startup.AnalysisReport.AgentStats;
import dev.fleetdeck.startup.AnalysisReport.Alert;
import dev.fleetdeck.startup.AnalysisReport.GroupAverage;
import dev.fleetdeck.startup.AnalysisReport.PhaseStats;
import dev.fleetdeck.startup.AnalysisReport.TypeStats;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The export: a report as one JSON object, written key by key so the keys are a contract
 * ({@code count, failures, failureRate, avgMs, medianMs, p95Ms, p99Ms, withinTargetPct, phases,
 * byType, alerts, recommendations}, plus window, generatedAt and the detail) and do not move when
 * a record gains a field. Rates are 0..1, percentages 0..100, durations milliseconds.
 */
public final class ReportJson {
    private final JsonFactory json;

    public ReportJson() {
        this(new JsonFactory());
    }

    public ReportJson(JsonFactory json) {
        this.json = json;
    }

    public String toJson(AnalysisReport r) {
        StringWriter out = new StringWriter();
        try {
            write(r, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    public void write(AnalysisReport r, Path file) throws IOException {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            write(r, out);
        }
    }

    public void write(AnalysisReport r, Writer out) throws IOException {
        write(new StartupAnalysis(r, null, List.of(), List.of()), out);
    }

    /** The analysis: the report's keys, plus {@code trend} (when one was asked for) and {@code notes}. */
    public void write(StartupAnalysis a, Path file) throws IOException {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            write(a, out);
        }
    }

    public String toJson(StartupAnalysis a) {
        StringWriter out = new StringWriter();
        try {
            write(a, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    public void write(StartupAnalysis analysis, Writer out) throws IOException {
        AnalysisReport r = analysis.report();
        try (JsonGenerator g = json.createGenerator(out)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeStringField("generatedAt", r.generatedAt().toString());
            g.writeObjectFieldStart("window");
            g.writeStringField("from", r.window().from().toString());
            g.writeStringField("to", r.window().to().toString());
            g.writeNumberField("days", r.window().days());
            g.writeStringField("workspaceType", r.window().workspaceType());
            g.writeEndObject();
            g.writeStringField("status", r.status().json());
            g.writeStringField("note", r.status().note());
            g.writeNumberField("count", r.count());
            g.writeNumberField("successful", r.successful());
            g.writeNumberField("failures", r.failures());
            g.writeNumberField("staged", r.staged());
            g.writeNumberField("excluded", r.excluded());
            g.writeNumberField("failureRate", r.failureRate());
            g.writeNumberField("avgMs", r.avgMs());
            g.writeNumberField("medianMs", r.medianMs());
            g.writeNumberField("p95Ms", r.p95Ms());
            g.writeNumberField("p99Ms", r.p99Ms());
            g.writeNumberField("targetMs", r.targetMs());
            g.writeNumberField("withinTargetPct", r.withinTargetPct());

            g.writeObjectFieldStart("phases");
            for (PhaseStats p : r.phases()) {
                g.writeObjectFieldStart(p.phase().key());
                g.writeNumberField("avgMs", p.avgMs());
                g.writeNumberField("sharePct", p.sharePct());
                g.writeNumberField("totalMs", p.totalMs());
                g.writeNumberField("maxMs", p.maxMs());
                g.writeEndObject();
            }
            g.writeEndObject();

            g.writeObjectFieldStart("bottlenecks");
            g.writeArrayFieldStart("phases");
            for (PhaseStats p : r.bottlenecks().phasesByCost()) {
                g.writeString(p.phase().key());
            }
            g.writeEndArray();
            groups(g, "slowestAgents", r.bottlenecks().slowestAgents());
            groups(g, "slowestTypes", r.bottlenecks().slowestTypes());
            g.writeEndObject();

            g.writeObjectFieldStart("byType");
            for (TypeStats t : r.byType()) {
                g.writeObjectFieldStart(t.type());
                g.writeNumberField("count", t.count());
                g.writeNumberField("successful", t.successful());
                g.writeNumberField("failures", t.failures());
                g.writeNumberField("failureRate", t.failureRate());
                g.writeNumberField("avgMs", t.avgMs());
                g.writeNumberField("medianMs", t.medianMs());
                g.writeNumberField("p95Ms", t.p95Ms());
                g.writeNumberField("p99Ms", t.p99Ms());
                g.writeNumberField("targetMs", t.targetMs());
                g.writeNumberField("withinTypeTargetPct", t.withinTypeTargetPct());
                g.writeNumberField("withinTargetPct", t.withinTargetPct());
                g.writeEndObject();
            }
            g.writeEndObject();

            g.writeObjectFieldStart("byAgent");
            for (AgentStats a : r.byAgent()) {
                g.writeObjectFieldStart(a.agent());
                g.writeNumberField("count", a.count());
                g.writeNumberField("successful", a.successful());
                g.writeNumberField("failures", a.failures());
                g.writeNumberField("failureRate", a.failureRate());
                g.writeNumberField("avgMs", a.avgMs());
                g.writeNumberField("avgSessionCreateMs", a.avgSessionCreateMs());
                g.writeObjectFieldStart("phaseAvgMs");
                for (Phase phase : Phase.values()) {
                    g.writeNumberField(phase.key(), a.phaseAvgMs().get(phase.ordinal()));
                }
                g.writeEndObject();
                g.writeEndObject();
            }
            g.writeEndObject();

            g.writeArrayFieldStart("alerts");
            for (Alert a : r.alerts()) {
                g.writeStartObject();
                g.writeStringField("level", a.level().json());
                g.writeStringField("message", a.message());
                g.writeEndObject();
            }
            g.writeEndArray();

            g.writeArrayFieldStart("recommendations");
            for (String s : r.recommendations()) {
                g.writeString(s);
            }
            g.writeEndArray();
            if (analysis.trendUnit() != null) {
                g.writeStringField("trendUnit", analysis.trendUnit().key());
                g.writeArrayFieldStart("trend");
                for (TrendBucket b : analysis.trend()) {
                    g.writeStartObject();
                    g.writeStringField("start", b.start().toString());
                    g.writeNumberField("launches", b.launches());
                    g.writeNumberField("failures", b.failures());
                    g.writeNumberField("failureRate", b.failureRate());
                    g.writeNumberField("medianMs", b.medianMs());
                    g.writeNumberField("p95Ms", b.p95Ms());
                    g.writeNumberField("withinTargetPct", b.withinTargetPct());
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
            if (!analysis.notes().isEmpty()) {
                g.writeArrayFieldStart("notes");
                for (String n : analysis.notes()) {
                    g.writeString(n);
                }
                g.writeEndArray();
            }
            g.writeEndObject();
        }
        out.flush();
    }

    private static void groups(JsonGenerator g, String name, List<GroupAverage> groups) throws IOException {
        g.writeArrayFieldStart(name);
        for (GroupAverage a : groups) {
            g.writeStartObject();
            g.writeStringField("name", a.name());
            g.writeNumberField("avgMs", a.avgMs());
            g.writeNumberField("successful", a.successful());
            g.writeEndObject();
        }
        g.writeEndArray();
    }
}
