import Foundation

/// What residents and the council say, topic by topic.
///
/// Each question names its subject with a word the example council's routing rules know
/// (bins → waste, library → libraries, …) and no word of an earlier rule: routing takes the
/// first rule that matches. `TopicCatalogue` checks this against the pipeline at start-up.
enum TopicTexts {
    static let all: [Topic] = [waste, libraries, leisure, highways, schools, general, flood]

    static let waste = Topic(
        "waste",
        questions: [
            "My bin wasn't emptied on {street} {time}, can you send someone?",
            "Recycling missed again on {street}. Third time this month.",
            "When is the next garden waste collection for {street}?",
            "Someone has been fly-tipping behind the shops on {street}, mattresses and bags everywhere.",
            "How do I order a new bin? Ours went in the lorry with the rubbish.",
            "Is the collection still happening this week? Nothing on {street} yet.",
            "The recycling crew left broken glass all over the pavement on {street}.",
        ],
        answers: [
            "Sorry about that, {first}. We've asked the crew to return within 2 working days. Ref {ref} ^{staff}",
            "Hi {first}, thanks for letting us know. The collection team have been told. ^{staff}",
            "Thanks {first}, our enforcement officers will visit {street} this week. Ref {ref} ^{staff}",
            "Hi {first}, you can order a replacement on our website and it arrives in about 10 working days. ^{staff}",
        ],
        posts: [
            "Bin collections are running as normal this week. Check your collection day on our website.",
            "Reminder: garden waste subscriptions renew this month.",
            "Please rinse your recycling: it really helps the crews.",
        ],
        chatter: [
            "Bins not emptied on {street} again. Great work {town}.",
            "Fly-tipping on the beach path in {town} is getting worse every week.",
            "Seagulls have had the rubbish bags open all over {street}, {town} at its finest.",
        ]
    )

    static let libraries = Topic(
        "libraries",
        places: ["Central Library", "Northgate Library", "Seaview Library"],
        questions: [
            "How do I renew my library books online?",
            "Is {place} open on Sunday? Can't find the hours anywhere.",
            "The ebook app keeps logging me out, is there a problem?",
            "Can I reserve a computer at {place} for tomorrow morning?",
            "Lost my library card, how do I get a new one?",
            "Are there any rhyme time sessions at {place} this week?",
        ],
        answers: [
            "Hi {first}, you can renew on our website or in the app with your card number and PIN. ^{staff}",
            "Thanks {first}, we've passed this to the digital team and they're looking into it. ^{staff}",
            "Hi {first}, yes: ask at the desk at {place} and bring some ID. ^{staff}",
            "Hi {first}, opening hours are on the door and on our website. Hope to see you soon! ^{staff}",
        ],
        posts: [
            "New books have arrived at {place}: come and have a look!",
            "Rhyme time at {place} every Tuesday at 10:30, all welcome.",
            "Our ebook catalogue has hundreds of new titles this month.",
        ],
        chatter: [
            "Lovely afternoon at the library in {town}.",
            "The new library cafe in {town} is brilliant.",
            "Kids loved the story session at the library in {town} today.",
        ]
    )

    static let leisure = Topic(
        "leisure",
        places: ["Quayside Leisure Centre", "Quayside Pool", "Northgate Leisure Centre"],
        questions: [
            "What time does the pool open on Saturday?",
            "Is the gym at {place} closed for refurbishment?",
            "Swimming lessons for my 6 year old, is there a waiting list?",
            "Changing rooms at {place} were filthy {time}.",
            "How much is a monthly gym membership at {place}?",
        ],
        answers: [
            "Hi {first}, timetables for {place} are on our website and at reception. ^{staff}",
            "Sorry to hear that, {first}. We've passed it to the centre manager. ^{staff}",
            "Hi {first}, there is a short waiting list: reception can add you today. ^{staff}",
        ],
        posts: [
            "Swimming lessons for the new term are open for sign-ups.",
            "The gym at {place} reopens on Monday after refurbishment.",
        ],
        chatter: [
            "Packed pool in {town} this morning.",
            "{town} gym is always so busy after work.",
        ]
    )

    static let highways = Topic(
        "highways",
        questions: [
            "Huge pothole on {street} outside the shop, nearly came off my bike.",
            "Streetlight out on {street} for a week, it's pitch black.",
            "Are you gritting {street} tonight? It's like an ice rink.",
            "Potholes all along {street}, when will they be fixed?",
            "Temporary traffic lights on the road by the station have been there for weeks.",
        ],
        answers: [
            "Thanks {first}, an inspector will look at it within 5 working days. Ref {ref} ^{staff}",
            "Hi {first}, we've logged the fault with our lighting contractor. Ref {ref} ^{staff}",
            "Hi {first}, the gritting routes are on our website; {street} is on the secondary route. ^{staff}",
        ],
        posts: [
            "Roadworks on {street} from Monday for two weeks. Please allow extra time.",
            "Gritting crews are out tonight on the main routes.",
        ],
        chatter: [
            "Another pothole on {street} in {town}. My poor tyres.",
            "Streetlights out all along {street}, {town}.",
        ]
    )

    static let schools = Topic(
        "schools",
        places: ["St Anne's Primary School", "Beacon Hill School", "Saltings Lane School"],
        questions: [
            "When do school admissions open for September?",
            "Where can I find next year's term dates?",
            "Is {place} closed today because of the heating?",
            "My child hasn't got a school place yet, who do I talk to?",
            "School transport for my son hasn't turned up {time}.",
        ],
        answers: [
            "Hi {first}, admissions open in the autumn and everything is on our website. ^{staff}",
            "Hi {first}, please email the admissions team and they'll call you back. ^{staff}",
            "Sorry {first}, we've passed this to the transport team to look into today. ^{staff}",
        ],
        posts: [
            "Reminder: applications for a school place in September close soon.",
            "Term dates for next year are now on our website.",
        ],
        chatter: [
            "School run traffic in {town} is unbearable.",
            "So proud of the kids at the school concert in {town} tonight.",
        ]
    )

    static let general = Topic(
        "general",
        questions: [
            "How do I pay my council tax by direct debit?",
            "Parking permit renewal page keeps crashing.",
            "Who do I talk to about a noisy neighbour on {street}?",
            "Is the council office open on Saturday?",
            "Can I get a copy of my council tax bill emailed to me?",
            "Planning application on {street}, where can I comment?",
        ],
        answers: [
            "Hi {first}, you can set that up on our website in a few minutes. ^{staff}",
            "Sorry {first}, we know about the problem and it should be fixed today. ^{staff}",
            "Hi {first}, please DM us your address and we'll pass it to the right team. ^{staff}",
            "Hi {first}, our offices are open 9 to 5 Monday to Friday. ^{staff}",
        ],
        posts: [
            "Council tax bills are on their way this month.",
            "Our offices are closed on bank holidays: you can still report problems online.",
            "Have your say: the budget consultation is open until the end of the month.",
        ],
        chatter: [
            "Council tax going up again in {town}?",
            "{town} looks lovely in the sunshine today.",
            "Busy market in {town} this morning.",
        ]
    )

    static let flood = Topic(
        "flood",
        places: ["Quayside Leisure Centre", "Beacon Hill School", "the Town Hall"],
        questions: [
            "Water coming into houses on {street}, is anyone coming? #flood",
            "{street} is completely flooded, road closed at both ends.",
            "Power cut on {street} since the flooding started, any news?",
            "Where can we get sandbags? {street} is starting to flood.",
            "Car stuck in flood water on {street}, road closed signs needed urgently.",
            "Is the flooding going to get worse tonight? We're on {street}.",
        ],
        answers: [
            "Hi {first}, our emergency team is on the way to {street}. Please stay safe. ^{staff}",
            "Sandbags are at {place} until 8pm, {first}. If you can't get there, reply with your address. ^{staff}",
            "Thanks {first}, we've closed {street} and diverted traffic. Please don't drive through flood water. ^{staff}",
            "For power cuts please call 105, {first}. We've told the network operator about {street}. ^{staff}",
        ],
        posts: [
            "FLOOD UPDATE: {street} is closed because of flooding. Please avoid the area and don't drive through flood water.",
            "Sandbags are available at {place} until 8pm.",
            "If you need help tonight call our emergency line on 01632 960123.",
            "Power cut? Call 105 to report it to the network operator.",
            "A rest centre is open at {place} for anyone who has had to leave home.",
        ],
        chatter: [
            "Flooding on {street} in {town}, never seen it this bad #flood",
            "Road closed at {street}, half of {town} is under water",
            "Power cut in {town} again, whole street dark",
            "Sandbags going fast in {town}, people helping each other out",
            "{town} flooding is on the news now",
        ]
    )
}
