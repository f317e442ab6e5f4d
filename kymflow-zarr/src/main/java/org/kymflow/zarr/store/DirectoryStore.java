package org.kymflow.zarr.store;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A {@link KeyValueStore} over a folder: each key is a file below the root.
 *
 * <p>Writes go to a hidden temporary file in the target's folder, are forced to disk (unless
 * {@link WriteMode#ATOMIC}), and are then moved over the target atomically, so a crash leaves the old file
 * or the new one. The writer lock is an
 * OS file lock on {@code .kymflow.lock} in the root; it is released when the process dies.
 */
public final class DirectoryStore implements KeyValueStore {
    /** The lock file name in the dataset root; Python's zarr ignores it. */
    public static final String LOCK_FILE = ".kymflow.lock";
    private static final String TEMP_PREFIX = ".tmp-";

    private final Path root;

    /**
     * @param root the store's folder; it need not exist yet
     */
    public DirectoryStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** @return the root folder */
    public Path root() {
        return root;
    }

    private Path resolve(String key) {
        Path path = key.isEmpty() ? root : root.resolve(key).normalize();
        if (!path.startsWith(root)) {
            throw new IllegalArgumentException("key '" + key + "' escapes the store root " + root);
        }
        return path;
    }

    @Override
    public Optional<byte[]> get(String key) throws IOException {
        Path path = resolve(key);
        try {
            return Optional.of(Files.readAllBytes(path));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public void put(String key, byte[] value) throws IOException {
        put(key, value, WriteMode.DURABLE);
    }

    @Override
    public void put(String key, byte[] value, WriteMode mode) throws IOException {
        Path target = resolve(key);
        Path parent = target.getParent();
        Files.createDirectories(parent);
        Path temp = parent.resolve(TEMP_PREFIX + target.getFileName() + "-" + UUID.randomUUID());
        boolean moved = false;
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(value);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                if (mode == WriteMode.DURABLE) {
                    channel.force(true);
                }
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the file system of " + target + " cannot replace files atomically", e);
            }
            moved = true;
        } finally {
            if (!moved) {
                Files.deleteIfExists(temp); // never leave a half-written temporary behind
            }
        }
    }

    @Override
    public boolean exists(String key) throws IOException {
        return Files.isRegularFile(resolve(key));
    }

    @Override
    public boolean delete(String key) throws IOException {
        return Files.deleteIfExists(resolve(key));
    }

    @Override
    public void deletePrefix(String prefix) throws IOException {
        Path path = resolve(prefix);
        if (!Files.exists(path)) {
            return;
        }
        if (path.equals(root)) {
            throw new IllegalArgumentException("refusing to delete the whole store " + root + " through deletePrefix");
        }
        try (Stream<Path> walk = Files.walk(path)) {
            List<Path> all = new ArrayList<>(walk.toList());
            all.sort(Comparator.reverseOrder()); // children before parents
            for (Path p : all) {
                Files.deleteIfExists(p);
            }
        }
    }

    @Override
    public List<String> listChildren(String prefix) throws IOException {
        Path path = resolve(prefix);
        if (!Files.isDirectory(path)) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(path)) {
            for (Path child : stream) {
                String name = child.getFileName().toString();
                if (!name.startsWith(TEMP_PREFIX) && !name.equals(LOCK_FILE)) {
                    names.add(name);
                }
            }
        }
        Collections.sort(names);
        return names;
    }

    @Override
    public boolean isFolder(String prefix) throws IOException {
        return Files.isDirectory(resolve(prefix));
    }

    @Override
    public Closeable lockForWriting() throws IOException {
        Files.createDirectories(root);
        Path lockPath = root.resolve(LOCK_FILE);
        FileChannel channel = FileChannel.open(lockPath, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            channel.close();
            throw new IOException("dataset " + root + " is already open for writing in this process", e);
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        if (lock == null) {
            channel.close();
            throw new IOException("dataset " + root + " is already open for writing by another process (lock "
                    + lockPath + ")");
        }
        return () -> {
            try {
                lock.release();
            } finally {
                channel.close();
            }
        };
    }

    @Override
    public String describe(String key) {
        return resolve(key).toString();
    }

    @Override
    public void close() {
        // Nothing is held open between calls; the writer lock has its own handle.
    }

    @Override
    public String toString() {
        return "DirectoryStore[" + root + "]";
    }
}
