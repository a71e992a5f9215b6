package org.jemu.translator.exec;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jemu.translator.ir.ExitReason;
import org.jemu.translator.ir.IrBuilder;
import org.junit.jupiter.api.Test;

/**
 * {@link CodeCache#isCodePage}, which the TLB fill path asks on every miss, follows the blocks held per
 * physical page: set while a page holds a block, cleared when its last block goes or the cache is flushed,
 * for pages inside its bitmap and for pages beyond it (a 36-bit physical address and one at 1 TiB).
 */
class CodeCachePagesTest {
    private static TranslationBlock block(long phys) {
        IrBuilder b = new IrBuilder(phys, 0);
        b.insnStart(phys);
        b.exit(phys + 4, ExitReason.RECHECK);
        return new TranslationBlock(phys, phys, phys + 4, 0, b.finish());
    }

    @Test
    void pagesFollowTheirBlocks() {
        CodeCache cache = new CodeCache();
        long[] pages = {0x4000_0000L, 0xf_ffff_f000L, 1L << 40};
        for (long page : pages) {
            assertFalse(cache.isCodePage(page), "empty cache, page 0x" + Long.toHexString(page));
            TranslationBlock a = block(page + 0x100);
            TranslationBlock b = block(page + 0x800);
            cache.insert(a);
            cache.insert(b);
            assertTrue(cache.isCodePage(page), "page 0x" + Long.toHexString(page) + " holds two blocks");
            assertFalse(cache.isCodePage(page + 0x1000), "the next page holds none");
            assertFalse(cache.isCodePage(page - 0x1000), "the previous page holds none");
            cache.invalidate(page + 0x100, 4);
            assertTrue(cache.isCodePage(page), "one block is left on page 0x" + Long.toHexString(page));
            cache.invalidate(page + 0x800, 4);
            assertFalse(cache.isCodePage(page), "the last block of page 0x" + Long.toHexString(page) + " went");
        }
        for (long page : pages) {
            cache.insert(block(page));
        }
        cache.flush();
        for (long page : pages) {
            assertFalse(cache.isCodePage(page), "flushed, page 0x" + Long.toHexString(page));
        }
    }
}
