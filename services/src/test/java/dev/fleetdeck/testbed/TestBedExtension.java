package dev.fleetdeck.testbed;

import java.nio.file.Path;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 side of {@link RealTestBed}. The bed is looked up (or started) once per test run and
 * kept in the root store, so every class shares it; a missing bed fails the tests on CI and
 * aborts them elsewhere, loudly, never as a silent skip.
 */
public final class TestBedExtension
        implements BeforeAllCallback, AfterEachCallback, AfterAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(TestBedExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        bed(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == TestBed.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return bed(context);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        TestBed bed = outcome(context).bed();
        if (bed != null) {
            bed.removeTestContainers();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        TestBed bed = outcome(context).bed();
        if (bed != null) {
            bed.removeTestContainers();
            bed.closeEngines();
        }
    }

    private static TestBed bed(ExtensionContext context) {
        return outcome(context).require();
    }

    private static TestBedStarter.Outcome outcome(ExtensionContext context) {
        return context.getRoot()
                .getStore(NAMESPACE)
                .getOrComputeIfAbsent(
                        TestBedStarter.Outcome.class,
                        key -> {
                            TestBedStarter.Outcome outcome = new TestBedStarter(
                                            System.getenv(), Path.of(System.getProperty("user.dir")))
                                    .findOrStart();
                            if (outcome.bed() == null) {
                                // Once per run in the build log, whatever the reports show.
                                System.err.println(outcome.problem());
                            }
                            return outcome;
                        },
                        TestBedStarter.Outcome.class);
    }
}
