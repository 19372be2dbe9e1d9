// A worker JVM in its container, as its parent reaches it: the exec's process, the published port, the files left.
package dev.sysfault.container.internal;

import com.github.dockerjava.api.exception.NotFoundException;
import dev.sysfault.worker.internal.RemoteStart;
import dev.sysfault.worker.internal.RemoteWorker;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** The files are read through the engine's copy API, which also reads a container that was killed. */
record ContainerWorker(WorkerContainer container, Process process) implements RemoteWorker {

    @Override
    public InetSocketAddress address() {
        return new InetSocketAddress(container.getHost(), container.getMappedPort(RemoteStart.PORT));
    }

    @Override
    public boolean copyOut(String name, Path into) throws IOException {
        String id = container.getContainerId();
        if (id == null) {
            return false;
        }
        try (InputStream archive = container.getDockerClient()
                .copyArchiveFromContainerCmd(id, RemoteStart.DIRECTORY + "/" + name).exec()) {
            Tar.Reader reader = new Tar.Reader(archive);
            Tar.Entry entry = reader.next();
            if (entry == null || entry.type() != '0') {
                return false;
            }
            try (FileChannel file = FileChannel.open(into, StandardOpenOption.WRITE, StandardOpenOption.CREATE)) {
                OutputStream out = Channels.newOutputStream(file.position(0));
                long size = reader.content(out);
                out.flush();
                file.truncate(size);
            }
            return true;
        } catch (NotFoundException none) {
            return false;
        }
    }
}
