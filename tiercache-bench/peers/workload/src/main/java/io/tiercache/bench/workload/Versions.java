package io.tiercache.bench.workload;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** Finds the version of a library on the class path, for the report. */
public final class Versions {

  private Versions() {}

  /**
   * Returns the version of a Maven artifact on the class path, from the
   * {@code META-INF/maven/<group>/<artifact>/pom.properties} its jar carries.
   *
   * @param groupId the artifact's group
   * @param artifactId the artifact's name
   * @return the version, or {@code ?} if the jar carries none
   */
  public static String of(String groupId, String artifactId) {
    String resource = "META-INF/maven/" + groupId + "/" + artifactId + "/pom.properties";
    try (InputStream in = Versions.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        return "?";
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version", "?");
    } catch (IOException e) {
      return "?";
    }
  }
}
