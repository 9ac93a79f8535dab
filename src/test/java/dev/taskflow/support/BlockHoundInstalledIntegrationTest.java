package dev.taskflow.support;

/**
 * The same check in failsafe's JVM, where the server tests run: a surefire configuration
 * that arms BlockHound says nothing about failsafe's.
 */
class BlockHoundInstalledIntegrationTest extends BlockHoundInstalledTest {

}
