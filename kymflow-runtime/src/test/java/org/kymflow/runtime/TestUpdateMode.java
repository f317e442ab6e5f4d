package org.kymflow.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The mode names both command lines (kymflow index, kymflow-spark) take. */
class TestUpdateMode {
    @Test
    void namesParseInAnyCaseAndAnythingElseIsRefusedByName() {
        assertEquals(UpdateMode.INCREMENTAL, UpdateMode.parse("incremental"));
        assertEquals(UpdateMode.REPLACE, UpdateMode.parse("Replace"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> UpdateMode.parse("all"));
        assertEquals("must be incremental or replace, was all", e.getMessage());
    }
}
