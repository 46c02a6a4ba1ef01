/**
 * Spring TestContext support: {@code @SmtpServer} on a {@code @SpringBootTest} (or any Spring
 * TestContext) class starts one receiver per application context and points {@code spring.mail.*}
 * at it, with no {@code @DynamicPropertySource}. See {@link dev.smtptestkit.spring.SpringSmtp}.
 */
package dev.smtptestkit.spring;
