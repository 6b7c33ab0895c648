package dev.latchkey.password;

import static org.assertj.core.api.Assertions.assertThat;

import com.password4j.Argon2Function;
import com.password4j.types.Argon2;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Issue 12: the Argon2 blocks are reused between hashes on a thread, and reuse never changes a hash's bytes. */
class Argon2EngineTest {
    private static final PasswordHasher.Argon2Params OWASP = PasswordHasher.Argon2Params.OWASP;
    private static final byte[] SALT = "sixteen byte salt!".getBytes(StandardCharsets.UTF_8);

    @Test
    void hashesOnOneThreadReuseBlocksAndStillGiveTheBytesOfAFreshComputation() {
        // Alternating variants, versions and sizes on one thread: every hash after the first runs on blocks a
        // previous one left behind, and each must equal Password4j's independent computation.
        assertMatchesPassword4j(Argon2.ID, Argon2Function.ARGON2_VERSION_13, OWASP.memoryKib(), 2, "first");
        assertMatchesPassword4j(Argon2.I, Argon2Function.ARGON2_VERSION_10, 4_096, 3, "an imported argon2i");
        assertMatchesPassword4j(Argon2.ID, Argon2Function.ARGON2_VERSION_13, OWASP.memoryKib(), 2, "second");
        assertMatchesPassword4j(Argon2.ID, Argon2Function.ARGON2_VERSION_13, 2 * OWASP.memoryKib(), 1, "larger");
        assertMatchesPassword4j(Argon2.ID, Argon2Function.ARGON2_VERSION_13, OWASP.memoryKib(), 2, "third");
    }

    @Test
    void anOwaspHashAfterTheFirstOnAThreadAllocatesFarLessThanItsNineteenMebibytes() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        hashOwasp("warm-up"); // fills this thread's pool
        long before = threads.getCurrentThreadAllocatedBytes();
        hashOwasp("correct horse battery staple");
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertThat(allocated).isLessThan(1024 * 1024); // unpooled, it was 19 MiB and more per hash
    }

    private static byte[] hashOwasp(String password) {
        return Argon2Engine.hash(
                Argon2.ID,
                Argon2Function.ARGON2_VERSION_13,
                OWASP.memoryKib(),
                OWASP.iterations(),
                OWASP.parallelism(),
                32,
                password.getBytes(StandardCharsets.UTF_8),
                SALT);
    }

    private static void assertMatchesPassword4j(Argon2 type, int version, int memoryKib, int iterations, String pw) {
        byte[] password = pw.getBytes(StandardCharsets.UTF_8);
        byte[] ours = Argon2Engine.hash(type, version, memoryKib, iterations, 1, 32, password, SALT);
        byte[] theirs = Argon2Function.getInstance(memoryKib, iterations, 1, 32, type, version)
                .hash(password, SALT)
                .getBytes();
        assertThat(ours)
                .as("%s v%x m=%d t=%d", type, version, memoryKib, iterations)
                .isEqualTo(theirs);
    }
}
