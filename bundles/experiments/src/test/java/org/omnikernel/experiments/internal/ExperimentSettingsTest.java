package org.omnikernel.experiments.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Settings come from framework properties, with defaults, and bad values are named. */
class ExperimentSettingsTest {

    @Test
    void defaultsAreThirtySamplesTwoSecondsWarmUpAndADirectoryUnderTheWorkingDirectory() {
        ExperimentSettings s = ExperimentSettings.from("e1", Map.<String, String>of()::get);
        assertEquals(30, s.seconds());
        assertEquals(2.0, s.warmupSeconds());
        assertEquals(Path.of("experiments-out", "e1").toAbsolutePath().normalize(), s.out());
        assertFalse(s.exitWhenDone());
        assertEquals(50_000, s.sliceNanos());
        assertNull(s.grid());
    }

    @Test
    void propertiesOverrideTheDefaults() {
        Map<String, String> p = Map.of("omnikernel.experiment.seconds", "6", "omnikernel.experiment.warmup", "0.5",
                "omnikernel.experiment.out", "/tmp/x/../e1", "omnikernel.experiment.exit", "true",
                "omnikernel.experiment.slice.us", "20", "omnikernel.config", "/opt/okernel/conf/experiments/e1.xml");
        ExperimentSettings s = ExperimentSettings.from("e1", p::get);
        assertEquals(6, s.seconds());
        assertEquals(0.5, s.warmupSeconds());
        assertEquals(Path.of("/tmp/e1"), s.out());
        assertTrue(s.exitWhenDone());
        assertEquals(20_000, s.sliceNanos());
        assertEquals("/opt/okernel/conf/experiments/e1.xml", s.grid());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-3", "ten", "86401", "1.5"})
    void badSecondsAreRefusedWithThePropertyAndTheValue(String value) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ExperimentSettings.from("e1", Map.of("omnikernel.experiment.seconds", value)::get));
        assertTrue(e.getMessage().contains("omnikernel.experiment.seconds=\"" + value + "\""), e.getMessage());
        assertTrue(e.getMessage().contains("from 1 to 86400"), e.getMessage());
    }

    @Test
    void aBadWarmUpIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ExperimentSettings.from("e1", Map.of("omnikernel.experiment.warmup", "-1")::get));
        assertTrue(e.getMessage().contains("omnikernel.experiment.warmup"), e.getMessage());
    }

    @Test
    void e4sFileSetDefaultsToEightFilesOfTwoMibAndBadValuesAreNamed() {
        ExperimentSettings d = ExperimentSettings.from("e4", Map.<String, String>of()::get);
        assertEquals(8, d.files());
        assertEquals(2048, d.fileKib());
        ExperimentSettings s = ExperimentSettings.from("e4", Map.of("omnikernel.experiment.files", "32",
                "omnikernel.experiment.file.kib", "512")::get);
        assertEquals(32, s.files());
        assertEquals(512, s.fileKib());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ExperimentSettings.from("e4", Map.of("omnikernel.experiment.file.kib", "2")::get));
        assertTrue(e.getMessage().contains("omnikernel.experiment.file.kib=\"2\""), e.getMessage());
    }
}
