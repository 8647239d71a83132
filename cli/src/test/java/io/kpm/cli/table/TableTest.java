package io.kpm.cli.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

class TableTest {

    @Test
    void alignsColumnsToTheWidestCellWithoutTrailingBlanks() {
        String text = new Table("PGID", "STATE", "NODES")
                .row("0", "FINISHED", "node-0,node-1")
                .row("12", "RUNNING", "n")
                .render();
        assertEquals("""
                PGID  STATE     NODES
                0     FINISHED  node-0,node-1
                12    RUNNING   n
                """, text);
    }

    @Test
    void missingCellsPrintAsDash() {
        assertEquals("A  B\n-  x\n", new Table("A", "B").row(null, "x").render());
        assertEquals("A  B\n-  -\n", new Table("A", "B").row("", null).render());
    }

    @Test
    void aHeaderWiderThanItsCellsSetsTheWidth() {
        assertEquals("LONG HEADER  X\na            b\n", new Table("LONG HEADER", "X").row("a", "b").render());
    }

    @Test
    void rowsMustFitTheColumns() {
        Table table = new Table("A", "B");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> table.row("only one"));
        assertEquals("a row of 1 cells for 2 columns", e.getMessage());
    }

    @Test
    void timesAreShownAsLocalSecondsWhateverTheirForm() {
        JsonNodeFactory json = JsonNodeFactory.instance;
        assertEquals("2025-11-22 04:36:01", TimeText.of(json.textNode("2025-11-22T04:36:01.123456Z"), ZoneOffset.UTC));
        assertEquals("2025-11-22 05:36:01", TimeText.of(json.textNode("2025-11-22T04:36:01Z"), ZoneOffset.ofHours(1)));
        assertEquals("2023-11-14 22:13:20", TimeText.of(json.numberNode(1_700_000_000L), ZoneOffset.UTC));
        assertEquals("2023-11-14 22:13:20", TimeText.of(json.numberNode(1_700_000_000_123L), ZoneOffset.UTC));
        assertEquals("2023-11-14 22:13:20", TimeText.of(json.numberNode(new java.math.BigDecimal("1700000000.5")), ZoneOffset.UTC));
        assertEquals("yesterday", TimeText.of(json.textNode("yesterday"), ZoneOffset.UTC));
        assertEquals("-", TimeText.of(null, ZoneOffset.UTC));
        assertEquals("-", TimeText.of(json.nullNode(), ZoneOffset.UTC));
    }
}
