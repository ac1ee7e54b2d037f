package io.tiercache.backend.ehcache.internal;

import io.tiercache.spi.TierAccessException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.jspecify.annotations.Nullable;

/**
 * The exclusive hold of one tier on its folder: an operating-system lock on the file
 * {@value #FILE_NAME} in it, taken before Ehcache opens its store there and released after
 * Ehcache has closed it. A second tier — in this process or another — that opens the folder
 * meanwhile gets a {@link TierAccessException} saying that the folder is in use, instead of
 * reaching Ehcache's own lock (whose message is less clear) or, worse, a store being written by
 * someone else. The operating system drops the lock when the holding process dies, however it
 * dies.
 *
 * <p>Not safe for concurrent use; one instance per open tier.
 */
public final class FolderLock implements AutoCloseable {

  /** The name of the lock file in the folder. */
  public static final String FILE_NAME = "tiercache.lock";

  private final Path folder;
  private final FileChannel channel;
  private final FileLock lock;

  private FolderLock(Path folder, FileChannel channel, FileLock lock) {
    this.folder = folder;
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Creates the folder if needed and takes its lock.
   *
   * @param folder the folder
   * @param tier the tier's name, for messages
   * @return the lock, held
   * @throws TierAccessException if the folder cannot be created or is not a folder, or if it is
   *     in use by another tier of this or another process
   */
  public static FolderLock acquire(Path folder, String tier) {
    try {
      Files.createDirectories(folder);
    } catch (IOException e) {
      throw new TierAccessException(
          tier, "cannot create the folder '" + folder + "' for the disk store: " + e, e);
    }
    FileChannel channel;
    try {
      channel =
          FileChannel.open(
              folder.resolve(FILE_NAME), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new TierAccessException(
          tier, "cannot open the lock file of the folder '" + folder + "': " + e, e);
    }
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      closeQuietly(channel);
      throw inUse(folder, tier, "another tier of this process", e);
    } catch (IOException e) {
      closeQuietly(channel);
      throw new TierAccessException(
          tier, "cannot lock the folder '" + folder + "' for the disk store: " + e, e);
    }
    if (lock == null) {
      closeQuietly(channel);
      throw inUse(folder, tier, "another process", null);
    }
    return new FolderLock(folder, channel, lock);
  }

  /**
   * Returns the locked folder.
   *
   * @return the folder
   */
  public Path folder() {
    return folder;
  }

  /** Releases the lock. Idempotent; never throws. */
  @Override
  public void close() {
    try {
      if (lock.isValid()) {
        lock.release();
      }
    } catch (IOException e) {
      // Closing the channel below releases it too.
    }
    closeQuietly(channel);
  }

  private static TierAccessException inUse(
      Path folder, String tier, String holder, @Nullable Throwable cause) {
    return new TierAccessException(
        tier,
        "the folder '" + folder + "' is in use: its disk store is held open by " + holder
            + "; a disk store can be opened by one tier at a time (close the other tier, or give"
            + " this one another folder)",
        cause);
  }

  private static void closeQuietly(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException e) {
      // Nothing more to release.
    }
  }

  @Override
  public String toString() {
    return "FolderLock[" + folder + (lock.isValid() ? ", held]" : ", released]");
  }
}
