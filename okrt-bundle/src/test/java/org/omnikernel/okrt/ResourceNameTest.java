package org.omnikernel.okrt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Resource names: lower case, optionally dotted — the seed's short names (fcr, stor) and families alike. */
class ResourceNameTest {

    @Test
    void shortAndDottedLowerCaseNamesAreAccepted() {
        for (String name : new String[] {"fcr", "stor", "resource.tcp", "ext2r.disk0", "fcr.gate"}) {
            assertEquals(name, ResourceInterface.named(name).build().name());
        }
    }

    @Test
    void otherNamesAreRefusedByName() {
        for (String name : new String[] {"Fcr", "fcr.", ".fcr", "a..b", "9p", "", "f cr"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ResourceInterface.named(name),
                    name);
            assertTrue(e.getMessage().contains("\"" + name + "\""), e.getMessage());
        }
    }
}
