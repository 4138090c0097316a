package io.deploymcp.checkout.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheEditor;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.TreeFormatter;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;

/** Real git repositories on disk, made with JGit, for the checkout to fetch from. */
public final class GitRepos {
  private static final PersonIdent AUTHOR = new PersonIdent("Test", "test@example.com");

  private GitRepos() {}

  /** A repository (work tree {@code parent/name}) with one commit of {@code files} on main. */
  public static Path create(Path parent, String name, Map<String, String> files) {
    Path dir = parent.resolve(name);
    try (Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call()) {
      commit(git, files, "first");
      return dir;
    } catch (GitAPIException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Commits {@code files} (path to content) on the current branch; returns the sha. */
  public static String commit(Path repo, Map<String, String> files, String message) {
    try (Git git = Git.open(repo.toFile())) {
      return commit(git, files, message);
    } catch (GitAPIException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Commits {@code bytes} as one file; returns the sha. */
  public static String commitBytes(Path repo, String path, byte[] bytes, String message) {
    try (Git git = Git.open(repo.toFile())) {
      Path file = repo.resolve(path);
      Files.createDirectories(file.getParent());
      Files.write(file, bytes);
      git.add().addFilepattern(path).call();
      return git.commit().setMessage(message).setAuthor(AUTHOR).setCommitter(AUTHOR).call().name();
    } catch (GitAPIException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Records a submodule: {@code .gitmodules} gets {@code url} for {@code path}, and the tree a
   * gitlink at {@code path} pointing to {@code commit}. Returns the new commit's sha.
   */
  public static String addSubmodule(Path repo, String name, String path, String url, String commit) {
    try (Git git = Git.open(repo.toFile())) {
      String modules =
          "[submodule \"" + name + "\"]\n\tpath = " + path + "\n\turl = " + url + "\n";
      Path gitmodules = repo.resolve(".gitmodules");
      String existing = Files.exists(gitmodules) ? Files.readString(gitmodules) : "";
      Files.writeString(gitmodules, existing + modules);
      git.add().addFilepattern(".gitmodules").call();
      DirCache index = git.getRepository().lockDirCache();
      try {
        DirCacheEditor editor = index.editor();
        editor.add(
            new DirCacheEditor.PathEdit(path) {
              @Override
              public void apply(DirCacheEntry entry) {
                entry.setFileMode(FileMode.GITLINK);
                entry.setObjectId(ObjectId.fromString(commit));
              }
            });
        editor.commit();
      } finally {
        index.unlock();
      }
      return git.commit()
          .setMessage("add submodule " + name)
          .setAuthor(AUTHOR)
          .setCommitter(AUTHOR)
          .call()
          .name();
    } catch (GitAPIException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Commits a symbolic link at {@code path} pointing to {@code target}; returns the sha. */
  public static String commitSymlink(Path repo, String path, String target) {
    try (Git git = Git.open(repo.toFile())) {
      Path link = repo.resolve(path);
      Files.createDirectories(link.getParent());
      Files.createSymbolicLink(link, Path.of(target));
      git.add().addFilepattern(path).call();
      return git.commit().setMessage("link " + path).setAuthor(AUTHOR).setCommitter(AUTHOR).call().name();
    } catch (GitAPIException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Points {@code branch} at a commit whose tree git itself would refuse: a directory named
   * {@code dirName} (e.g. {@code ..}) holding {@code fileName}. Built from raw objects, since
   * no porcelain writes such a tree.
   */
  public static String commitUnsafeTree(Path repo, String branch, String dirName, String fileName) {
    try (Git git = Git.open(repo.toFile());
        ObjectInserter inserter = git.getRepository().newObjectInserter()) {
      ObjectId blob = inserter.insert(Constants.OBJ_BLOB, "escaped\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
      TreeFormatter inner = new TreeFormatter();
      inner.append(fileName, FileMode.REGULAR_FILE, blob);
      ObjectId innerId = inserter.insert(inner);
      TreeFormatter root = new TreeFormatter();
      root.append(dirName, FileMode.TREE, innerId);
      CommitBuilder commit = new CommitBuilder();
      commit.setTreeId(inserter.insert(root));
      commit.setAuthor(AUTHOR);
      commit.setCommitter(AUTHOR);
      commit.setMessage("unsafe");
      ObjectId id = inserter.insert(commit);
      inserter.flush();
      RefUpdate update = git.getRepository().updateRef(Constants.R_HEADS + branch);
      update.setNewObjectId(id);
      update.forceUpdate();
      return id.name();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String head(Path repo, String branch) {
    try (Git git = Git.open(repo.toFile())) {
      return git.getRepository().resolve("refs/heads/" + branch).name();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static void branch(Path repo, String name) {
    try (Git git = Git.open(repo.toFile())) {
      git.branchCreate().setName(name).call();
    } catch (GitAPIException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public static void checkoutBranch(Path repo, String name) {
    try (Git git = Git.open(repo.toFile())) {
      git.checkout().setName(name).call();
    } catch (GitAPIException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public static void tag(Path repo, String name) {
    try (Git git = Git.open(repo.toFile())) {
      git.tag().setName(name).setAnnotated(true).setMessage("release").setTagger(AUTHOR).call();
    } catch (GitAPIException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String commit(Git git, Map<String, String> files, String message)
      throws IOException, GitAPIException {
    Path root = git.getRepository().getWorkTree().toPath();
    for (Map.Entry<String, String> file : files.entrySet()) {
      Path target = root.resolve(file.getKey());
      Files.createDirectories(target.getParent());
      Files.writeString(target, file.getValue());
      git.add().addFilepattern(file.getKey()).call();
    }
    RevCommit commit = git.commit().setMessage(message).setAuthor(AUTHOR).setCommitter(AUTHOR).call();
    return commit.name();
  }
}
