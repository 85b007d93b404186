using ConnectionStatusFunctions.Service.Queues;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ConnectionStatusFunctions.Service.Events;

public static class EventRegistration
{
    /// <summary>
    /// The outbox's write side, its dispatcher (the dispatch queue's handler, the sweep) and the
    /// events queue sink. The hand-off is the queue's; the standalone host swaps in the in-process
    /// one and its loop (<see cref="UseInProcessHandOff"/>). Other sinks register themselves as further
    /// <see cref="IEventSink"/>s: the dispatcher hands every event to each.
    /// </summary>
    public static IServiceCollection AddEvents(this IServiceCollection services)
    {
        services.AddSettings<EventOptions, EventOptionsValidator>(EventOptions.SectionName, o => o.Validate())
            .Configure<IConfiguration>((o, c) => o.QueueName = c[EventOptions.QueueNameSetting] ?? o.QueueName);
        services.AddSettings<DispatchQueueOptions, DispatchQueueOptionsValidator>(DispatchQueueOptions.SectionName, o => o.Validate())
            .Configure<IConfiguration>((o, c) => o.Name = c[DispatchQueueOptions.NameSetting] ?? o.Name);
        services.AddSingleton<EventHandOff>();
        services.AddSingleton<IEventHandOff, QueueHandOff>();
        services.AddSingleton<EventOutbox>();
        services.AddSingleton<EventDispatcher>();
        services.AddSingleton<DispatchRequestHandler>();
        services.AddSingleton<IQueueMessageHandler<DispatchQueueOptions>>(s => s.GetRequiredService<DispatchRequestHandler>());
        services.AddSingleton<OutboxSweep>();
        services.AddSingleton<IEventSink, EventsQueueSink>();
        services.AddHostedService<EventQueuesCreation>();
        return services;
    }

    /// <summary>The standalone host's hand-off: a long-lived process dispatches what it wrote itself, at once.</summary>
    public static IServiceCollection UseInProcessHandOff(this IServiceCollection services)
    {
        services.Replace(ServiceDescriptor.Singleton<IEventHandOff>(s => s.GetRequiredService<EventHandOff>()));
        services.AddHostedService<EventHandOffLoop>();
        return services;
    }
}
