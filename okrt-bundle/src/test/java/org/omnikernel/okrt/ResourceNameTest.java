package org.omnikernel.okrt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Resource names: the seed's one-word names and dotted names are accepted, anything else refused by name. */
class ResourceNameTest {

    @Test
    void oneWordAndDottedLowerCaseNamesAreAccepted() {
        for (String name : List.of("fcr", "ior", "aior", "resource.tcp", "drwr.disk0", "resource.tr.7")) {
            assertEquals(name, ResourceInterface.named(name).build().name());
        }
    }

    @Test
    void otherNamesAreRefusedNamingTheName() {
        for (String name : List.of("", "FCR", "resource.", ".fcr", "res ource", "0fcr", "resource..tcp")) {
            var refused = assertThrows(IllegalArgumentException.class, () -> ResourceInterface.named(name));
            assertTrue(refused.getMessage().contains("\"" + name + "\""), refused.getMessage());
        }
    }
}
