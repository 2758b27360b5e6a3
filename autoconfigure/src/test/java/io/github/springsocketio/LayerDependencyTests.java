package io.github.springsocketio;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

/**
 * Enforces the direction of the layers: protocol, engine, server, annotation (the core library, which knows
 * no Spring Boot), the Redis adapter (beside the annotations, on top of the server), autoconfigure.
 */
class LayerDependencyTests {

	private static JavaClasses classes;

	@BeforeAll
	static void importClasses() {
		classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
			.importPackages("io.github.springsocketio");
	}

	@Test
	void layersOnlyDependDownward() {
		layeredArchitecture().consideringOnlyDependenciesInLayers()
			.withOptionalLayers(true)
			.layer("Protocol").definedBy("io.github.springsocketio.protocol..")
			.layer("Engine").definedBy("io.github.springsocketio.engine..")
			.layer("Server").definedBy("io.github.springsocketio.server..")
			.layer("Annotation").definedBy("io.github.springsocketio.annotation..")
			.layer("Redis").definedBy("io.github.springsocketio.redis..")
			.layer("Admin").definedBy("io.github.springsocketio.admin..")
			.layer("AutoConfigure").definedBy("io.github.springsocketio.autoconfigure..")
			.whereLayer("AutoConfigure").mayNotBeAccessedByAnyLayer()
			.whereLayer("Redis").mayOnlyBeAccessedByLayers("AutoConfigure")
			.whereLayer("Admin").mayOnlyBeAccessedByLayers("AutoConfigure")
			.whereLayer("Annotation").mayOnlyBeAccessedByLayers("AutoConfigure")
			.whereLayer("Server").mayOnlyBeAccessedByLayers("Annotation", "Redis", "Admin", "AutoConfigure")
			.whereLayer("Engine").mayOnlyBeAccessedByLayers("Server", "Annotation", "Redis", "Admin", "AutoConfigure")
			.check(classes);
	}

	@Test
	void protocolKnowsNoSpringAndNoServlet() {
		noClasses().that().resideInAPackage("io.github.springsocketio.protocol..")
			.should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "jakarta.servlet..")
			.check(classes);
	}

	@Test
	void onlyTheAutoConfigurationKnowsSpringBoot() {
		noClasses().that().resideOutsideOfPackage("io.github.springsocketio.autoconfigure..")
			.should().dependOnClassesThat().resideInAPackage("org.springframework.boot..")
			.check(classes);
	}

	@Test
	void engineKnowsNoWebTransport() {
		noClasses().that().resideInAPackage("io.github.springsocketio.engine")
			.should().dependOnClassesThat().resideInAPackage("io.github.springsocketio.engine.web..")
			.check(classes);
	}

	@Test
	void containerNeutralWebTransportKnowsNoContainer() {
		noClasses().that().resideInAPackage("io.github.springsocketio.engine.web")
			.should().dependOnClassesThat().resideInAnyPackage("io.github.springsocketio.engine.web.tomcat..",
					"io.github.springsocketio.engine.web.jetty..", "org.apache.tomcat..", "org.apache.catalina..", "org.eclipse.jetty..")
			.check(classes);
	}

	@Test
	void annotationsKnowNotTheirSupport() {
		noClasses().that().resideInAPackage("io.github.springsocketio.annotation")
			.should().dependOnClassesThat().resideInAPackage("io.github.springsocketio.annotation.support..")
			.check(classes);
	}

	@Test
	void onlyEngineWebTouchesTheWebStackBelowTheServer() {
		noClasses().that().resideInAnyPackage("io.github.springsocketio.engine", "io.github.springsocketio.server..")
			.should().dependOnClassesThat().resideInAnyPackage("org.springframework.web..", "jakarta.servlet..")
			.check(classes);
	}

}
