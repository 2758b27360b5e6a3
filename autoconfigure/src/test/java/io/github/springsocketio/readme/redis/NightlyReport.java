package io.github.springsocketio.readme.redis;

import io.github.springsocketio.redis.RedisSocketEmitter;

import org.springframework.stereotype.Component;

@Component
class NightlyReport {

	private final RedisSocketEmitter emitter;

	NightlyReport(RedisSocketEmitter emitter) {
		this.emitter = emitter;
	}

	void publish(Report report, byte[] pdf) {
		this.emitter.to("managers").emit("report", report, pdf);        // node.js: emitter.to("managers").emit(...)
		this.emitter.of("/admin").except("muted").volatile_().emit("tick", report.time());
		this.emitter.in("room-1").socketsJoin("archive");
		this.emitter.serverSideEmit("report-ready", report.id());
	}

}
