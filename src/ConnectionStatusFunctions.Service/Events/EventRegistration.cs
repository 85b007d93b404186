using ConnectionStatusFunctions.Service.Queues;

namespace ConnectionStatusFunctions.Service.Events;

public static class EventRegistration
{
    /// <summary>
    /// The outbox's write side, its dispatcher (the in-process hand-off, the dispatch queue's
    /// handler, the sweep) and the events queue sink. Other sinks register themselves as further
    /// <see cref="IEventSink"/>s: the dispatcher hands every event to each.
    /// </summary>
    public static IServiceCollection AddEvents(this IServiceCollection services)
    {
        services.AddSettings<EventOptions, EventOptionsValidator>(EventOptions.SectionName, o => o.Validate())
            .Configure<IConfiguration>((o, c) => o.QueueName = c[EventOptions.QueueNameSetting] ?? o.QueueName);
        services.AddSettings<DispatchQueueOptions, DispatchQueueOptionsValidator>(DispatchQueueOptions.SectionName, o => o.Validate())
            .Configure<IConfiguration>((o, c) => o.Name = c[DispatchQueueOptions.NameSetting] ?? o.Name);
        services.AddSingleton<EventHandOff>();
        services.AddSingleton<EventOutbox>();
        services.AddSingleton<EventDispatcher>();
        services.AddSingleton<DispatchRequestHandler>();
        services.AddSingleton<IQueueMessageHandler<DispatchQueueOptions>>(s => s.GetRequiredService<DispatchRequestHandler>());
        services.AddSingleton<OutboxSweep>();
        services.AddSingleton<IEventSink, EventsQueueSink>();
        services.AddHostedService<EventQueuesCreation>();
        services.AddHostedService<EventHandOffLoop>();
        return services;
    }
}
