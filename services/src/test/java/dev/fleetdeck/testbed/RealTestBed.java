package dev.fleetdeck.testbed;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a test class against the real test bed (Docker engines and Redis on this machine): a
 * {@link TestBed} parameter is injected, the bed is started once per JVM if it is not up, and
 * containers labelled with {@link TestBed#testLabels()} are removed after each test.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(TestBedExtension.class)
@Tag("testbed")
public @interface RealTestBed {}
