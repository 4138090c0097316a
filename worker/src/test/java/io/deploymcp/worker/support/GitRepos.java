package io.deploymcp.worker.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;

/** Real git repositories on disk, made with JGit, for the checkout to fetch from. */
public final class GitRepos {
  private static final PersonIdent AUTHOR = new PersonIdent("Test", "test@example.com");

  private GitRepos() {}

  /** A repository with one commit on {@code main}; returns its directory. */
  public static Path withMain(Path parent, String name) {
    Path dir = parent.resolve(name);
    try (Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call()) {
      commit(git, "index.html", "<h1>hello</h1>\n", "first");
      return dir;
    } catch (GitAPIException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String commit(Path repo, String file, String content, String message) {
    try (Git git = Git.open(repo.toFile())) {
      return commit(git, file, content, message);
    } catch (GitAPIException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Writes {@code files} (paths may have directories) and commits them; returns the commit. */
  public static String commitFiles(Path repo, java.util.Map<String, String> files, String message) {
    try (Git git = Git.open(repo.toFile())) {
      for (var file : files.entrySet()) {
        Path path = git.getRepository().getWorkTree().toPath().resolve(file.getKey());
        Files.createDirectories(path.getParent());
        Files.writeString(path, file.getValue());
        git.add().addFilepattern(file.getKey()).call();
      }
      return git.commit().setMessage(message).setAuthor(AUTHOR).setCommitter(AUTHOR).call().name();
    } catch (GitAPIException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String head(Path repo, String branch) {
    try (Git git = Git.open(repo.toFile())) {
      return git.getRepository().resolve("refs/heads/" + branch).name();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public static void branch(Path repo, String name) {
    try (Git git = Git.open(repo.toFile())) {
      git.branchCreate().setName(name).call();
    } catch (GitAPIException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String annotatedTag(Path repo, String name) {
    try (Git git = Git.open(repo.toFile())) {
      git.tag().setName(name).setAnnotated(true).setMessage("release").setTagger(AUTHOR).call();
      return git.getRepository().resolve("HEAD").name();
    } catch (GitAPIException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String fileUrl(Path repo) {
    return repo.toUri().toString();
  }

  private static String commit(Git git, String file, String content, String message)
      throws IOException, GitAPIException {
    Files.writeString(git.getRepository().getWorkTree().toPath().resolve(file), content);
    git.add().addFilepattern(file).call();
    RevCommit commit = git.commit().setMessage(message).setAuthor(AUTHOR).setCommitter(AUTHOR).call();
    return commit.name();
  }
}
