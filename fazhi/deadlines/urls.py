from django.urls import path

from . import views

urlpatterns = [
    path("", views.reminders, name="deadline-reminders"),
    path("clocks/<int:pk>/pause/", views.clock_pause, name="clock-pause"),
    path("clocks/<int:pk>/resume/", views.clock_resume, name="clock-resume"),
    path("clocks/<int:pk>/extend/", views.clock_extend, name="clock-extend"),
    path("admin/calendar/", views.calendar_admin, name="calendar-admin"),
    path("admin/calendar/<int:pk>/delete/", views.calendar_override_delete, name="calendar-override-delete"),
    path("admin/rules/", views.rules_admin, name="rules-admin"),
    path("admin/rules/<int:pk>/", views.rule_edit, name="rule-edit"),
]
