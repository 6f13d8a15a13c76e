package org.concord.node;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.concord.ConcordException;

/**
 * What a node that serves writes in its folder, checked before it serves: a node that started
 * and then failed every write would look alive to its partners and lose what they push.
 */
public final class NodeFolder {
    private NodeFolder() {}

    /**
     * Checks that this process can write where the node writes: the folder, {@code keys/} (the
     * pseudonymisation key is made at first use), {@code tls/} (the certificate is renewed), and
     * the embedded store's files (the database and its {@code -wal} and {@code -shm}). Folders are
     * tried by creating and deleting a file, so a read-only file system is caught as well as
     * permissions.
     *
     * @throws ConcordException FORBIDDEN saying what is not writable and what to do
     */
    public static void checkWritable(Path dir, NodeConfig config) {
        List<Path> folders = new ArrayList<>(List.of(dir, dir.resolve("keys"), dir.resolve(NodeTls.FOLDER)));
        List<Path> files = new ArrayList<>();
        if (config.store() instanceof NodeConfig.StoreSettings.Embedded e) {
            Path db = dir.resolve(e.file());
            if (db.getParent() != null && !folders.contains(db.getParent())) folders.add(db.getParent());
            for (String suffix : List.of("", "-wal", "-shm")) files.add(db.resolveSibling(db.getFileName() + suffix));
        }
        for (Path folder : folders) {
            if (!Files.isDirectory(folder)) continue; // what is missing is made, or reported, by whoever needs it
            try {
                Files.delete(Files.createTempFile(folder, ".concord-write-check-", ".tmp"));
            } catch (IOException ex) {
                throw NodeLock.notWritable(folder, new FileSystemException(folder.toString(), null, NodeLock.reason(ex)));
            }
        }
        for (Path file : files) {
            if (Files.exists(file) && !Files.isWritable(file)) {
                throw NodeLock.notWritable(dir, new AccessDeniedException(file.toString()));
            }
        }
    }
}
