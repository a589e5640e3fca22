from django.urls import path

from planner.review import views

urlpatterns = [
    path("plans/<int:plan_id>/team/", views.team_page, name="team"),
    path("plans/<int:plan_id>/team/invite/", views.team_invite, name="team_invite"),
    path("plans/<int:plan_id>/team/<int:membership_id>/role/", views.team_role, name="team_role"),
    path(
        "plans/<int:plan_id>/team/invitations/<int:invitation_id>/withdraw/",
        views.team_withdraw,
        name="team_withdraw",
    ),
    path(
        "invitations/<int:invitation_id>/accept/",
        views.invitation_accept,
        name="invitation_accept",
    ),
    path(
        "invitations/<int:invitation_id>/decline/",
        views.invitation_decline,
        name="invitation_decline",
    ),
    path(
        "plans/<int:plan_id>/team/<int:membership_id>/remove/",
        views.team_remove,
        name="team_remove",
    ),
    path("plans/<int:plan_id>/review/", views.review_page, name="review"),
    path("plans/<int:plan_id>/review/submit/", views.review_submit, name="review_submit"),
    path("plans/<int:plan_id>/review/signoffs/", views.signoff_roles, name="signoff_roles"),
    path("plans/<int:plan_id>/review/edit-anyway/", views.edit_anyway, name="edit_anyway"),
    path(
        "plans/<int:plan_id>/review/signoffs/<int:role_id>/holder/",
        views.signoff_holder,
        name="signoff_holder",
    ),
    path(
        "plans/<int:plan_id>/review/signoffs/<int:role_id>/decide/",
        views.review_decide,
        name="review_decide",
    ),
    path("plans/<int:plan_id>/comments/", views.thread_start, name="thread_start"),
    path(
        "plans/<int:plan_id>/comments/<int:thread_id>/reply/",
        views.thread_reply,
        name="thread_reply",
    ),
    path(
        "plans/<int:plan_id>/comments/<int:thread_id>/resolve/",
        views.thread_resolve,
        name="thread_resolve",
    ),
    path("plans/<int:plan_id>/versions/", views.versions_page, name="versions"),
    path("plans/<int:plan_id>/versions/diff/", views.version_diff, name="version_diff"),
    path(
        "plans/<int:plan_id>/versions/<int:number>/restore/",
        views.version_restore,
        name="version_restore",
    ),
    path("plans/<int:plan_id>/activity/", views.activity, name="activity"),
]
