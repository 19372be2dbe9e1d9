// Carries a test's exception from the worker JVM to the parent with its real type, message, stack trace and causes.
package dev.sysfault.worker.internal;

import dev.sysfault.worker.WorkerException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;

/**
 * Java serialization, since both JVMs have the same class path. An exception that cannot be serialized (a field
 * that is not) travels as a {@link WorkerException} with the same message, stack trace, causes and suppressed
 * exceptions, its original class named in the message.
 */
final class ThrownAcross {

    private ThrownAcross() {
    }

    static byte[] write(Throwable t) {
        try {
            return serialize(t);
        } catch (IOException e) {
            try {
                return serialize(WorkerException.copyOf(t));
            } catch (IOException again) {
                throw new IllegalStateException("cannot serialize even a copy of " + t, again);
            }
        }
    }

    private static byte[] serialize(Throwable t) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(t);
        }
        return bytes.toByteArray();
    }

    /** The exception, its classes loaded by {@code loader} (the test class's). */
    static Throwable read(byte[] bytes, ClassLoader loader) {
        try (ObjectInputStream in = new LoaderObjectInputStream(new ByteArrayInputStream(bytes), loader)) {
            return (Throwable) in.readObject();
        } catch (IOException | ClassNotFoundException | ClassCastException e) {
            return new IllegalStateException("the worker's exception could not be read back in this JVM: " + e, e);
        }
    }

    private static final class LoaderObjectInputStream extends ObjectInputStream {
        private final ClassLoader loader;

        LoaderObjectInputStream(InputStream in, ClassLoader loader) throws IOException {
            super(in);
            this.loader = loader;
        }

        @Override
        protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
            try {
                return Class.forName(desc.getName(), false, loader);
            } catch (ClassNotFoundException e) {
                return super.resolveClass(desc);
            }
        }
    }
}
