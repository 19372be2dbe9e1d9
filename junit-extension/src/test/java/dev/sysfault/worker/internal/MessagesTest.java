// The worker protocol: every message comes back as written; a closed or broken connection says which it is.
package dev.sysfault.worker.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sysfault.worker.internal.Messages.FilePart;
import dev.sysfault.worker.internal.Messages.Message;
import dev.sysfault.worker.internal.Messages.Outcome.Status;
import dev.sysfault.worker.internal.Messages.Outcome;
import dev.sysfault.worker.internal.Messages.Ready;
import dev.sysfault.worker.internal.Messages.RunTest;
import dev.sysfault.worker.internal.Messages.SentFault;
import dev.sysfault.worker.internal.Messages.Synced;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessagesTest {

    @Test
    void everyMessageComesBackAsWritten() throws IOException {
        byte[] thrown = ThrownAcross.write(new IllegalStateException("boom"));
        Message[] sent = {new Ready(), new RunTest("[engine:junit-jupiter]/[class:a.Ü]/[method:x()]"),
            new RunTest("[engine:junit-jupiter]/[class:a.B]/[method:y()]", "rules-7.bin",
                    List.of(new SentFault("fsync:error=EIO", false), new SentFault("read:short=1:path=/ü/*", true))),
            new Outcome(Status.PASSED, null, null), new Outcome(Status.FAILED, thrown, null),
            new Outcome(Status.SKIPPED, null, "disabled: " + "why ".repeat(20_000)), new Synced(),
            new FilePart("trace.bin", 4096, new byte[] {1, 2, 3}, false), new FilePart("rules-1.bin", 0, new byte[0], true)};
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes(sent)));
        for (Message m : sent) {
            Message got = Messages.read(in);
            if (m instanceof Outcome o) {
                Outcome g = (Outcome) got;
                assertThat(g.status()).isEqualTo(o.status());
                assertThat(g.reason()).isEqualTo(o.reason());
                assertThat(g.thrown()).isEqualTo(o.thrown());
            } else if (m instanceof FilePart p) {
                FilePart g = (FilePart) got;
                assertThat(List.of(g.name(), g.offset(), g.whole())).isEqualTo(List.of(p.name(), p.offset(), p.whole()));
                assertThat(g.bytes()).isEqualTo(p.bytes());
            } else {
                assertThat(got).isEqualTo(m);
            }
        }
        assertThatThrownBy(() -> Messages.read(in)).isInstanceOf(EOFException.class);
    }

    @Test
    void aMessageCutShortOrUnknownIsAnError() throws IOException {
        byte[] whole = bytes(new RunTest("[engine:junit-jupiter]/[class:a.B]"));
        DataInputStream cut = new DataInputStream(new ByteArrayInputStream(Arrays.copyOf(whole, whole.length - 3)));
        assertThatThrownBy(() -> Messages.read(cut)).isInstanceOf(EOFException.class);
        DataInputStream unknown = new DataInputStream(new ByteArrayInputStream(new byte[] {'?'}));
        assertThatThrownBy(() -> Messages.read(unknown)).isInstanceOf(IOException.class)
                .hasMessageContaining("not a message of the worker protocol");
        DataInputStream badStatus = new DataInputStream(new ByteArrayInputStream(new byte[] {'O', 9}));
        assertThatThrownBy(() -> Messages.read(badStatus)).hasMessageContaining("status 9");
        DataInputStream huge = new DataInputStream(new ByteArrayInputStream(new byte[] {'F', 0x40, 0, 0, 0}));
        assertThatThrownBy(() -> Messages.read(huge)).hasMessageContaining("a field of 1073741824 bytes");
    }

    private static byte[] bytes(Message... messages) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        for (Message m : messages) {
            Messages.write(out, m);
        }
        return bytes.toByteArray();
    }
}
